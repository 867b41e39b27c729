import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import { compareDates } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { RecordInterventionInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { openCaseFor, requireSubject, type UnitHeads } from './guards.js';

export interface RecordIntervention {
  type: 'RecordIntervention';
  caseId: string;
  input: RecordInterventionInput;
  /** Looked up: the officer the body names, or null when not registered (their separation, if any). */
  officer: OfficerFacts | null;
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

/** A reminder talk (约谈) or written inquiry (函询) with a subject in service, for early signs. */
export function recordIntervention(command: RecordIntervention, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const { officerId, kind, heldOn } = command.input;
  const caseFile = openCaseFor(state, command, ctx, officerId);
  requireSubject(caseFile, officerId);
  notInFuture('heldOn', heldOn, ctx);
  notBefore('heldOn', heldOn, 'the date it occurred', caseFile.occurredOn);
  // An early intervention is held with an officer in service (the day a dismissal took effect still counts).
  const separatedOn = command.officer?.separatedOn;
  if (separatedOn && compareDates(heldOn, separatedOn) > 0) {
    throw refuse('officer_separated', `Officer ${officerId} left service on ${separatedOn}; heldOn ${heldOn} is later.`);
  }
  return [{ type: 'InterventionHeld', data: { caseId: caseFile.caseId, officerId, kind, heldOn } }];
}
