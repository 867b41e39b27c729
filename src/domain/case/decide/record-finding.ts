import { refuse } from '../../rules.js';
import { compareDates } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import type { RecordFindingInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { openCaseFor, requireSubject } from './guards.js';
import { own } from '../../shared/own.js';

export interface RecordFinding {
  type: 'RecordFinding';
  caseId: string;
  input: RecordFindingInput;
  /**
   * Looked up: the head of each subject's unit on the day of the breach (the case's `occurredOn`),
   * null when the unit had none on record then, or its head had already left service.
   */
  unitHeads: Record<string, string | null>;
}

/**
 * Records the verification's finding, made on a day (the one given, else today). Made after the due
 * date it is still recorded, but marked late (late handling is itself a breach), whenever it is
 * entered; so is every finding still pending when the verification was reassigned after its due
 * date had passed. A substantiated or partly substantiated finding makes
 * each officer (四必究 bj-1) and their unit's head at the time of the breach (bj-2) accountable.
 */
export function recordFinding(command: RecordFinding, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = openCaseFor(state, command, ctx);
  const { verification } = caseFile;
  if (!verification) throw refuse('verification_required');
  const { outcome, severity, summary } = command.input;
  const officerIds = command.input.officerIds
    ?? caseFile.subjects.map((s) => s.officerId).filter((id) => !own(caseFile.findings, id));
  if (officerIds.length === 0) throw refuse('finding_already_recorded', 'Every subject already has a finding.');
  for (const officerId of officerIds) {
    requireSubject(caseFile, officerId);
    if (own(caseFile.findings, officerId)) throw refuse('finding_already_recorded', `Officer ${officerId}.`);
  }
  // The day it was made, earlier than the day it is recorded when a case handled on paper is
  // entered later: lateness is judged on it, sanctions may take effect from it, and the
  // accountability it flags is dated by it.
  const recordedOn = today(ctx);
  const foundOn = command.input.foundOn ?? recordedOn;
  notInFuture('foundOn', foundOn, ctx);
  notBefore('foundOn', foundOn, `the assignment of the verification to ${verification.inspectorId} on`, verification.assignedOn);
  const late = caseFile.deadlineMissed || compareDates(foundOn, verification.dueOn) > 0;
  const events: CaseEvent[] = [{
    type: 'FindingRecorded',
    data: { caseId: caseFile.caseId, officerIds, outcome, severity: severity ?? null, summary, recordedOn, foundOn, late },
  }];
  if (outcome === 'unfounded') return events;
  for (const officerId of officerIds) {
    const unitId = caseFile.subjects.find((s) => s.officerId === officerId)!.unitId;
    events.push(
      { type: 'AccountabilityFlagged', data: { caseId: caseFile.caseId, officerId, unitId, level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: foundOn } },
      {
        type: 'AccountabilityFlagged',
        data: { caseId: caseFile.caseId, officerId, unitId, level: 'unit_head', headOfficerId: own(command.unitHeads, unitId) ?? null, ruleRef: 'bj-2', flaggedOn: foundOn },
      },
    );
  }
  return events;
}
