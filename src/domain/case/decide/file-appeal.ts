import { refuse } from '../../rules.js';
import { addDays, compareDates } from '../../shared/calendar.js';
import { laterOf, notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { FileAppealInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { openAppealOf, type CaseState } from '../state.js';
import { requireActorNotConcerned, requireCase, type UnitHeads } from './guards.js';
import { own } from '../../shared/own.js';

export const REVIEW_WINDOW_DAYS = 30;
export const APPEAL_WINDOW_DAYS = 15;

export interface FileAppeal {
  type: 'FileAppeal';
  caseId: string;
  /** Chosen by the handler; answered to the client. */
  appealId: string;
  input: FileAppealInput;
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

/**
 * A review (复核) within 30 days of the sanction's effective date; an appeal (申诉) within 15 days
 * of the review's decision and only after it. A sanction or decision recorded later than it is
 * dated (backdated) leaves the officer the whole window: it counts from the day it was recorded.
 * One open appeal per sanction; the sanction stays in force meanwhile. Allowed on a closed case.
 */
export function fileAppeal(command: FileAppeal, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = requireCase(state, command.caseId);
  requireActorNotConcerned(caseFile, ctx, command.unitHeads);
  const { sanctionId, stage, filedOn } = command.input;
  const sanction = own(caseFile.sanctions, sanctionId);
  if (!sanction) throw refuse('unknown_sanction', `Sanction ${sanctionId} is not part of case ${caseFile.caseId}.`);
  // The officer sanctioned (a unit head, say, who is no subject) does not record their own appeal.
  requireActorNotConcerned(caseFile, ctx, command.unitHeads, sanction.officerId);
  if (sanction.status === 'annulled') throw refuse('sanction_not_in_force', `Sanction ${sanctionId}.`);
  const open = openAppealOf(caseFile, sanctionId);
  if (open) throw refuse('appeal_already_open', `The ${open.stage} ${open.appealId} filed on ${open.filedOn}.`);
  notInFuture('filedOn', filedOn, ctx);

  const earlier = Object.values(caseFile.appeals).filter((a) => a.sanctionId === sanctionId);
  const review = earlier.find((a) => a.stage === 'review');
  if (stage === 'review') {
    if (review) throw refuse('review_already_filed', `Review ${review.appealId}.`);
    notBefore('filedOn', filedOn, 'the sanction\'s effective date', sanction.effectiveOn);
    const deadline = addDays(laterOf(sanction.effectiveOn, sanction.recordedOn ?? sanction.effectiveOn), REVIEW_WINDOW_DAYS);
    if (compareDates(filedOn, deadline) > 0) throw refuse('review_deadline_passed', `The last day was ${deadline}.`);
  } else {
    if (!review?.decision) throw refuse('review_not_decided', `Sanction ${sanctionId}.`);
    const appeal = earlier.find((a) => a.stage === 'appeal');
    if (appeal) throw refuse('appeal_already_filed', `Appeal ${appeal.appealId}.`);
    notBefore('filedOn', filedOn, 'the review decision on', review.decision.decidedOn);
    const { decidedOn, recordedOn } = review.decision;
    const deadline = addDays(laterOf(decidedOn, recordedOn ?? decidedOn), APPEAL_WINDOW_DAYS);
    if (compareDates(filedOn, deadline) > 0) throw refuse('appeal_deadline_passed', `The last day was ${deadline}.`);
  }
  return [{ type: 'AppealFiled', data: { caseId: caseFile.caseId, appealId: command.appealId, sanctionId, stage, filedOn } }];
}
