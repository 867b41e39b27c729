import type { PostSnapshot } from '../../officer/events.js';
import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { DecideAppealInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { isLighter } from '../sanction-policy.js';
import type { CaseState } from '../state.js';
import { requireActorNotConcerned, requireCase, type UnitHeads } from './guards.js';
import { requireEffectPossible } from './sanction-effect.js';
import { own } from '../../shared/own.js';

export interface DecideAppeal {
  type: 'DecideAppeal';
  caseId: string;
  appealId: string;
  input: DecideAppealInput;
  /** Looked up for a replacement reassignment: the post named by `toPostId`, or null. */
  toPost: PostSnapshot | null;
  /**
   * Looked up for a reduction to a replacement: the sanctioned officer's facts (their post, its
   * start, their qualification, their separation), or null when not looked up.
   */
  officer: OfficerFacts | null;
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

/** Upholds, reduces (to a strictly lighter kind) or annuls: never harsher. */
export function decideAppeal(command: DecideAppeal, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = requireCase(state, command.caseId);
  requireActorNotConcerned(caseFile, ctx, command.unitHeads);
  const appeal = own(caseFile.appeals, command.appealId);
  if (!appeal) throw new NotFoundError('appeal', command.appealId);
  if (appeal.decision) throw refuse('appeal_already_decided', `Decided on ${appeal.decision.decidedOn}.`);
  const sanction = own(caseFile.sanctions, appeal.sanctionId)!;
  // Nor does the officer sanctioned decide it.
  requireActorNotConcerned(caseFile, ctx, command.unitHeads, sanction.officerId);
  const { outcome, decidedOn, replacementKind, toPostId, untilOn } = command.input;
  notInFuture('decidedOn', decidedOn, ctx);
  notBefore('decidedOn', decidedOn, 'the filing on', appeal.filedOn);
  if (outcome === 'reduced' && replacementKind) {
    if (!isLighter(replacementKind, sanction.kind)) {
      throw refuse('appeal_decision_not_lighter', `${replacementKind} is not lighter than ${sanction.kind}.`);
    }
    // The replacement takes effect on decidedOn, as a sanction imposed would.
    requireEffectPossible({
      officerId: sanction.officerId, kind: replacementKind, dateField: 'decidedOn', on: decidedOn, untilOn, toPostId, toPost: command.toPost,
      replaces: sanction.sanctionId,
    }, command.officer);
  }
  return [{
    type: 'AppealDecided',
    data: {
      caseId: caseFile.caseId, appealId: appeal.appealId, sanctionId: appeal.sanctionId, outcome, decidedOn,
      replacementKind: replacementKind ?? null, toPostId: toPostId ?? null, untilOn: untilOn ?? null, recordedOn: today(ctx),
    },
  }];
}
