import { refuse } from '../../rules.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { RecordWarningEducationInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { requireInService, requireNotOwnRecord, requireOfficer } from './guards.js';

export interface RecordWarningEducation {
  type: 'RecordWarningEducation';
  officerId: string;
  input: RecordWarningEducationInput;
}

export function recordWarningEducation(command: RecordWarningEducation, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  requireNotOwnRecord(officer, ctx);
  requireInService(officer);
  const { attendedOn, topic } = command.input;
  notInFuture('attendedOn', attendedOn, ctx);
  notBefore('attendedOn', attendedOn, 'the hiring date', officer.hiredOn);
  // One attendance per session: a second record of it would count it twice.
  if (officer.warningEducation.some((w) => w.attendedOn === attendedOn && w.topic === topic)) {
    throw refuse('warning_education_already_recorded', `${attendedOn}: ${topic}.`);
  }
  return [{ type: 'WarningEducationAttended', data: { officerId: officer.officerId, attendedOn, topic } }];
}
