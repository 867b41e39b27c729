import { refuse } from '../../rules.js';
import { addDays } from '../../shared/calendar.js';
import { notBefore } from '../../shared/date-rules.js';
import { DEFAULT_VERIFICATION_DAYS, today, type DecisionContext } from '../../shared/decision-context.js';
import type { AssignVerificationInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { isSubject, type CaseState } from '../state.js';
import { openCaseFor } from './guards.js';
import { own } from '../../shared/own.js';

export interface AssignVerification {
  type: 'AssignVerification';
  caseId: string;
  input: AssignVerificationInput;
}

/**
 * Assigns the verification (核实) with a due date: the one given, else the current one on a handover,
 * else 30 days (configurable) after today in the bureau's calendar.
 */
export function assignVerification(command: AssignVerification, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = openCaseFor(state, command.caseId, ctx);
  const { inspectorId, dueOn } = command.input;
  if (isSubject(caseFile, inspectorId)) throw refuse('inspector_is_subject', `${inspectorId} is a subject of this case.`);
  if (caseFile.subjects.every((s) => own(caseFile.findings, s.officerId))) throw refuse('verification_complete');
  const assignedOn = today(ctx);
  if (dueOn) notBefore('dueOn', dueOn, 'the assignment on', assignedOn);
  const due = dueOn ?? caseFile.verification?.dueOn ?? addDays(assignedOn, ctx.verificationDays ?? DEFAULT_VERIFICATION_DAYS);
  return [{ type: 'VerificationAssigned', data: { caseId: caseFile.caseId, inspectorId, assignedOn, dueOn: due } }];
}
