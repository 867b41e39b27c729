import { refuse } from '../../rules.js';
import { compareDates } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { AssignOfficerInput } from '../commands.js';
import type { PostSnapshot } from '../events.js';
import type { OfficerEvent } from '../evolve.js';
import { latestPostChange, trainingsInProgress, type OfficerState } from '../state.js';
import { continuedTenureSince } from '../tenure.js';
import { requireInService, requireNotOwnRecord, requireOfficer } from './guards.js';
import { BARRING_ENFORCEMENT_POSTS, describeBar, sanctionBarOn } from './sanction-bar.js';

export interface AssignOfficer {
  type: 'AssignOfficer';
  officerId: string;
  input: AssignOfficerInput;
  /** Looked up: the post named in the body, or null when it is not defined. */
  post: PostSnapshot | null;
}

export function assignOfficer(command: AssignOfficer, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  requireNotOwnRecord(officer, ctx);
  const { postId, effectiveOn, reason } = command.input;
  requireInService(officer);
  const { post } = command;
  if (!post) throw refuse('unknown_post', `Post ${postId} is not defined.`);
  if (officer.post?.post.postId === post.postId) throw refuse('already_on_post', `Officer ${officer.officerId} holds post ${postId} since ${officer.post.since}.`);
  if (post.enforcement && !officer.qualification) {
    throw refuse('qualification_required', `Post ${postId} is an enforcement post and officer ${officer.officerId} holds no qualification.`);
  }
  notInFuture('effectiveOn', effectiveOn, ctx);
  notBefore('effectiveOn', effectiveOn, 'the hiring date', officer.hiredOn);
  // Without a post, not before the day the last one was left (a sanction may have ended it).
  notBefore('effectiveOn', effectiveOn, 'the officer\'s latest change of post (taking or leaving one) on', latestPostChange(officer));
  // Nor on a day the officer is off post in a training: one in progress from its start on, one
  // completed since until its end. A move dated before a training began is recorded either way.
  const training = trainingsInProgress(officer).find((s) => compareDates(s.effectiveOn, effectiveOn) <= 0);
  if (training) throw refuse('off_post_training_in_progress', `Sanction ${training.sanctionId}, from ${training.effectiveOn} (until ${training.untilOn ?? 'open'}).`);
  const trainingThen = Object.values(officer.sanctions).find((s) => s.kind === 'off_post_training' && s.status === 'completed' && !!s.completedOn
    && compareDates(s.effectiveOn, effectiveOn) <= 0 && compareDates(effectiveOn, s.completedOn) < 0);
  if (trainingThen) {
    throw refuse('off_post_training_in_progress', `On ${effectiveOn} the officer was in off-post training (sanction ${trainingThen.sanctionId}, from ${trainingThen.effectiveOn} until ${trainingThen.completedOn}).`);
  }
  if (post.enforcement) {
    // Qualified from the first grant of the holding: a renewal since does not move that day.
    notBefore('effectiveOn', effectiveOn, 'the qualification held since', officer.qualification?.heldSince);
    const bar = sanctionBarOn(officer, BARRING_ENFORCEMENT_POSTS, effectiveOn, ctx);
    if (bar) throw refuse('sanction_bars_enforcement_post', `Post ${postId} is an enforcement post. ${describeBar(bar)}`);
  }
  return [{
    type: 'OfficerAssigned',
    data: {
      officerId: officer.officerId, post, effectiveOn, reason, previousPostId: officer.post?.post.postId ?? null,
      tenureSince: continuedTenureSince(officer, post, effectiveOn),
    },
  }];
}
