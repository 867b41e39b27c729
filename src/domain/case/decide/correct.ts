import { forbid, refuse } from '../../rules.js';
import { unitMoves } from '../subject-units.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import { notInFuture } from '../../shared/date-rules.js';
import { own } from '../../shared/own.js';
import { describeChanges } from '../../shared/correction-changes.js';
import type { OfficerFacts } from '../../officer/state.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { CorrectCaseInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseFile, CaseState } from '../state.js';
import { isSubjectsHead, notAfterSeparation, notBeforeHiring, requireActorNotConcerned, requireCase, type UnitHeads } from './guards.js';

export interface CorrectCase {
  type: 'CorrectCase';
  caseId: string;
  input: CorrectCaseInput;
  /** Looked up when the correction changes `occurredOn`: each subject's facts (hiring and separation dates). */
  subjects: Record<string, OfficerFacts | null>;
  /** Looked up when the correction changes subjects' units: whether each unit named is registered. */
  units: Record<string, boolean>;
  /** Looked up: the head of each subject's unit on the day of the breach as recorded (they do not act on the case). */
  unitHeads: UnitHeads;
  /**
   * Looked up, by unit: the heads on the day as corrected, of the units it moves subjects into, or of
   * every subject's unit (as corrected) when it changes the day (a new day may change the head who
   * answers for a unit nobody leaves).
   */
  headsOnDayCorrected: UnitHeads;
}

/**
 * Nothing is edited: a correction names the report event it corrects and why (the actor is in the
 * metadata). Allowed on a closed case too: a wrong record must stay correctable. A subject's unit
 * only until a finding names them (the finding holds that unit's head to account); a corrected day
 * of the breach moves the subjects whose unit followed the register to the unit of the new day.
 */
export function correctCase(command: CorrectCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = requireCase(state, command.caseId);
  requireActorNotConcerned(caseFile, ctx, command.unitHeads);
  const { correctsEventId, reason, changes } = command.input;
  if (correctsEventId !== caseFile.reportEventId) {
    throw refuse('correction_target_invalid', `The report of case ${caseFile.caseId} is event ${caseFile.reportEventId ?? '(unknown)'}.`);
  }
  // A correction that changes nothing would stand in the record as one that did.
  if (!changesSomething(caseFile, changes)) {
    throw refuse('correction_changes_nothing', `The report of case ${caseFile.caseId} already holds ${describeChanges(changes)}.`);
  }
  if (changes.occurredOn !== undefined) {
    notInFuture('occurredOn', changes.occurredOn, ctx);
    if (compareDates(changes.occurredOn, caseFile.reportedOn) > 0) {
      throw refuse('date_out_of_order', `occurredOn ${changes.occurredOn} is after the report on ${caseFile.reportedOn}.`);
    }
    // Nor after an intervention held on it: the register holds none before the breach (record-intervention).
    const firstIntervention = caseFile.interventions.map((i) => i.heldOn).sort()[0];
    if (firstIntervention !== undefined && compareDates(changes.occurredOn, firstIntervention) > 0) {
      throw refuse('date_out_of_order', `occurredOn ${changes.occurredOn} is after the intervention held on ${firstIntervention}.`);
    }
    const subjects = caseFile.subjects.map(({ officerId }) => own(command.subjects, officerId));
    notBeforeHiring(changes.occurredOn, subjects);
    notAfterSeparation(changes.occurredOn, subjects);
  }
  for (const { officerId, unitId } of changes.subjectUnits ?? []) {
    if (!caseFile.subjects.some((s) => s.officerId === officerId)) throw refuse('not_a_subject', `${officerId} is not a subject of case ${caseFile.caseId}.`);
    if (!own(command.units, unitId)) throw refuse('unknown_unit', `Not registered: ${unitId}.`);
    // The finding held the head of the unit recorded then accountable (四必究): that stands.
    if (own(caseFile.findings, officerId)) {
      throw refuse('finding_already_recorded', `A finding on ${officerId} is recorded: it held the unit recorded then to account, so the unit can no longer be corrected.`);
    }
  }
  const moves = unitMoves(caseFile, changes, command.subjects);
  // Whom the finding will hold to account moves with the unit, and with the day: the heads it would
  // move it to are parties to the move too.
  if (isSubjectsHead(command.headsOnDayCorrected, ctx.actor.officerId)) {
    throw forbid('actor_is_subject', `Officer ${ctx.actor.officerId} heads a subject's unit on the day this correction moves the breach to, or a unit it moves a subject to.`);
  }
  const inspectorId = caseFile.verification?.inspectorId;
  if (isSubjectsHead(command.headsOnDayCorrected, inspectorId)) {
    throw refuse('inspector_is_subject', `${inspectorId}, who verifies the case, heads a subject's unit on the day as corrected: assign the verification to someone else first.`);
  }
  if (changes.occurredOn !== undefined) heldHeadsStand(caseFile.accountability, command.headsOnDayCorrected, changes.occurredOn);
  // A subject the date moves is moved in the event itself, so the case and every read model follow.
  const named = changes.subjectUnits ?? [];
  const byDate = moves.filter((move) => !named.some((u) => u.officerId === move.officerId)).map(({ officerId, to }) => ({ officerId, unitId: to }));
  const corrected = byDate.length > 0 ? { ...changes, subjectUnits: [...named, ...byDate] } : changes;
  return [{ type: 'CaseRecordCorrected', data: { caseId: caseFile.caseId, correctsEventId, reason, changes: corrected } }];
}

/**
 * A finding held the head of each found subject's unit on the day of the breach to account (四必究,
 * bj-2), and a unit head's sanction goes to the head it named: a corrected day on which another
 * head (or nobody) headed the unit would leave the case naming one head for a day another headed
 * it. `headsOnNewDay` are the heads looked up for the subjects' units on the corrected day.
 */
function heldHeadsStand(held: CaseFile['accountability'], headsOnNewDay: Record<string, string | null>, occurredOn: CalendarDate): void {
  for (const { level, unitId, headOfficerId } of held) {
    if (level !== 'unit_head') continue;
    const head = own(headsOnNewDay, unitId);
    if (head !== undefined && head !== headOfficerId) {
      throw refuse('finding_already_recorded', `The finding held ${headOfficerId ?? 'no head (none on record)'} to account as head of ${unitId}; on ${occurredOn} ${head ?? 'no head on record'} headed it, so the day can no longer be corrected to it.`);
    }
  }
}

/** Whether any value the correction gives differs from the case as recorded (rule references as a set). */
function changesSomething(caseFile: CaseFile, changes: CorrectCaseInput['changes']): boolean {
  const differs = (field: 'category' | 'channel' | 'occurredOn' | 'summary') => changes[field] !== undefined && changes[field] !== caseFile[field];
  if (differs('category') || differs('channel') || differs('occurredOn') || differs('summary')) return true;
  if (changes.ruleRefs !== undefined) {
    const now = new Set(caseFile.ruleRefs);
    const given = new Set(changes.ruleRefs);
    if (now.size !== given.size || [...given].some((ref) => !now.has(ref))) return true;
  }
  return (changes.subjectUnits ?? []).some(({ officerId, unitId }) => caseFile.subjects.find((s) => s.officerId === officerId)?.unitId !== unitId);
}
