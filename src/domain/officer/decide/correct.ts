import { refuse } from '../../rules.js';
import { notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { CorrectOfficerInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { requireOfficer } from './guards.js';

export interface CorrectOfficer {
  type: 'CorrectOfficer';
  officerId: string;
  input: CorrectOfficerInput;
  /** Looked up when the correction names a unit: whether it is registered. */
  unitExists: boolean;
}

/** Nothing is edited: a correction names the registration it corrects, and why (the actor is in metadata). */
export function correctOfficer(command: CorrectOfficer, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  const { correctsEventId, reason, changes } = command.input;
  if (correctsEventId !== officer.registrationEventId) {
    throw refuse('correction_target_invalid', `The registration of officer ${officer.officerId} is event ${officer.registrationEventId ?? '(unknown)'}.`);
  }
  if (changes.unitId !== undefined && !command.unitExists) throw refuse('unknown_unit', `Unit ${changes.unitId} is not registered.`);
  if (changes.hiredOn !== undefined) notInFuture('hiredOn', changes.hiredOn, ctx);
  return [{ type: 'OfficerRecordCorrected', data: { officerId: officer.officerId, correctsEventId, reason, changes } }];
}
