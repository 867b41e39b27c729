import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import { addDays, addMonths, compareDates } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { DEFAULT_VERIFICATION_DAYS, today, type DecisionContext } from '../../shared/decision-context.js';
import type { AssignVerificationInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { isSubject, type CaseFile, type CaseFinding, type CaseState } from '../state.js';
import { caseConcerns } from '../concerned-officers.js';
import { isSubjectsHead, openCaseFor, partiesOf } from './guards.js';
import { own } from '../../shared/own.js';

/** The latest due date a verification may be given: this many months after its assignment. */
export const MAX_VERIFICATION_MONTHS = 12;

export interface AssignVerification {
  type: 'AssignVerification';
  caseId: string;
  input: AssignVerificationInput;
  /**
   * Looked up: the registered officer `inspectorId` names, or null (an inspector's user id need not
   * be an officer id, so an id that names no officer is not refused).
   */
  inspector: OfficerFacts | null;
  /** Looked up: the head of each subject's unit on the day of the breach (as for RecordFinding). */
  unitHeads: Record<string, string | null>;
}

/**
 * Assigns the verification (核实) on a day (the one given, else today) with a due date: the one
 * given (within a year), else the current one on a handover, else 30 days (configurable) after the
 * assignment in the bureau's calendar. A reassignment after the due date has passed keeps the
 * pending findings late (state.deadlineMissed).
 */
export function assignVerification(command: AssignVerification, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  // The head the finding will hold accountable does not choose who verifies, as they do not verify.
  const caseFile = openCaseFor(state, command, ctx);
  const { inspectorId, dueOn } = command.input;
  if (isSubject(caseFile, inspectorId)) throw refuse('inspector_is_subject', `${inspectorId} is a subject of this case.`);
  if (caseConcerns(partiesOf(caseFile), inspectorId)) throw refuse('inspector_is_subject', `This case sanctions ${inspectorId} or holds them accountable.`);
  if (isSubjectsHead(command.unitHeads, inspectorId)) throw refuse('inspector_is_subject', `${inspectorId} headed a subject's unit on the day of the breach.`);
  if (command.inspector && !command.inspector.inService) {
    throw refuse('inspector_separated', `Officer ${inspectorId} left service on ${command.inspector.separatedOn ?? '(unknown)'}.`);
  }
  if (caseFile.subjects.every((s) => own(caseFile.findings, s.officerId))) throw refuse('verification_complete');
  // The day it was assigned, earlier than today when a case handled on paper is entered later: the
  // deadline counts from it, and lateness is judged on it (a handover after the due date).
  const assignedOn = command.input.assignedOn ?? today(ctx);
  notInFuture('assignedOn', assignedOn, ctx);
  notBefore('assignedOn', assignedOn, 'the report on', caseFile.reportedOn);
  const current = caseFile.verification;
  if (current) {
    notBefore('assignedOn', assignedOn, `the current assignment to ${current.inspectorId} on`, current.assignedOn);
    // The findings made so far were made under the current assignment, which a handover ends.
    const lastFinding = latestFinding(caseFile);
    if (lastFinding) notBefore('assignedOn', assignedOn, `officer ${lastFinding.officerId}'s finding on`, lastFinding.foundOn);
  }
  if (dueOn) {
    notBefore('dueOn', dueOn, 'the assignment on', assignedOn);
    const latest = addMonths(assignedOn, MAX_VERIFICATION_MONTHS);
    if (compareDates(dueOn, latest) > 0) throw refuse('verification_due_too_far', `dueOn ${dueOn} is after ${latest}.`);
  }
  const due = dueOn ?? caseFile.verification?.dueOn ?? addDays(assignedOn, ctx.verificationDays ?? DEFAULT_VERIFICATION_DAYS);
  return [{ type: 'VerificationAssigned', data: { caseId: caseFile.caseId, inspectorId, assignedOn, dueOn: due } }];
}

/** The finding made last (the first of them, when several were made that day), or undefined before any. */
function latestFinding(caseFile: CaseFile): CaseFinding | undefined {
  let latest: CaseFinding | undefined;
  for (const finding of Object.values(caseFile.findings)) {
    if (!latest || compareDates(finding.foundOn, latest.foundOn) > 0) latest = finding;
  }
  return latest;
}
