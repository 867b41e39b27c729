import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { RecordInterventionInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { openCaseFor, requireSubject } from './guards.js';

export interface RecordIntervention {
  type: 'RecordIntervention';
  caseId: string;
  input: RecordInterventionInput;
}

/** A reminder talk (约谈) or written inquiry (函询) with a subject, for early signs. */
export function recordIntervention(command: RecordIntervention, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const { officerId, kind, heldOn } = command.input;
  const caseFile = openCaseFor(state, command.caseId, ctx, officerId);
  requireSubject(caseFile, officerId);
  notInFuture('heldOn', heldOn, ctx);
  notBefore('heldOn', heldOn, 'the date it occurred', caseFile.occurredOn);
  return [{ type: 'InterventionHeld', data: { caseId: caseFile.caseId, officerId, kind, heldOn } }];
}
