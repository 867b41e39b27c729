import { refuse } from '../../rules.js';
import { compareDates } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { CompleteOffPostTrainingInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { requireNotOwnRecord, requireOfficer } from './guards.js';
import { own } from '../../shared/own.js';

export interface CompleteOffPostTraining {
  type: 'CompleteOffPostTraining';
  officerId: string;
  input: CompleteOffPostTrainingInput;
}

export function completeOffPostTraining(command: CompleteOffPostTraining, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  requireNotOwnRecord(officer, ctx);
  const { sanctionId, completedOn } = command.input;
  const sanction = own(officer.sanctions, sanctionId);
  if (sanction?.kind === 'off_post_training' && sanction.status === 'completed') {
    throw refuse('training_already_completed', `Sanction ${sanctionId}.`);
  }
  if (!sanction || sanction.kind !== 'off_post_training' || sanction.status !== 'in_force') {
    throw refuse('not_off_post_training', `Sanction ${sanctionId}.`);
  }
  notInFuture('completedOn', completedOn, ctx);
  notBefore('completedOn', completedOn, 'the start of the training', sanction.effectiveOn);
  // HR records the end of a training, never shortens it (DOMAIN.md: HR never alters sanctions): one with
  // a planned end is not completed before it. `untilOn` is that of the sanction in force, so when a
  // review or appeal replaced the sanction with a training, the end its decision set counts; a
  // training without an end lasts until HR records it.
  if (sanction.untilOn && compareDates(completedOn, sanction.untilOn) < 0) {
    throw refuse('training_before_planned_end', `Sanction ${sanctionId} ends on ${sanction.untilOn}; completedOn ${completedOn} is before it.`);
  }
  // A dismissal or expulsion ended the training with the service: it is not completed on a later day.
  const left = officer.separation?.effectiveOn;
  if (left && compareDates(completedOn, left) > 0) {
    throw refuse('officer_separated', `Officer ${officer.officerId} left service on ${left}; completedOn ${completedOn} is after it.`);
  }
  return [{ type: 'OffPostTrainingCompleted', data: { officerId: officer.officerId, sanctionId, completedOn } }];
}
