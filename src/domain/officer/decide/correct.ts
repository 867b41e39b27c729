import { refuse } from '../../rules.js';
import { describeChanges } from '../../shared/correction-changes.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import { notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { CorrectOfficerInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { Officer, OfficerState } from '../state.js';
import { requireNotOwnRecord, requireOfficer } from './guards.js';

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
  requireNotOwnRecord(officer, ctx);
  const { correctsEventId, reason, changes } = command.input;
  if (correctsEventId !== officer.registrationEventId) {
    throw refuse('correction_target_invalid', `The registration of officer ${officer.officerId} is event ${officer.registrationEventId ?? '(unknown)'}.`);
  }
  // A correction that changes nothing would stand in the record as one that did.
  const differs = (changes.name !== undefined && changes.name !== officer.name)
    || (changes.hiredOn !== undefined && changes.hiredOn !== officer.hiredOn)
    || (changes.unitId !== undefined && changes.unitId !== officer.registeredUnitId);
  if (!differs) throw refuse('correction_changes_nothing', `Officer ${officer.officerId}'s registration already holds ${describeChanges(changes)}.`);
  if (changes.unitId !== undefined && !command.unitExists) throw refuse('unknown_unit', `Unit ${changes.unitId} is not registered.`);
  if (changes.hiredOn !== undefined) {
    notInFuture('hiredOn', changes.hiredOn, ctx);
    // Whatever the record holds happened after the hiring: a later hiring date must not leave it before.
    const earliest = earliestRecordOf(officer);
    if (earliest && compareDates(changes.hiredOn, earliest.on) > 0) {
      throw refuse('date_out_of_order', `hiredOn ${changes.hiredOn} is after ${earliest.what} on ${earliest.on}.`);
    }
  }
  return [{ type: 'OfficerRecordCorrected', data: { officerId: officer.officerId, correctsEventId, reason, changes } }];
}

/** The earliest dated fact in the officer's record after the hiring itself, if any. */
function earliestRecordOf(officer: Officer): { what: string; on: CalendarDate } | null {
  const facts: { what: string; on: CalendarDate }[] = [
    // The first qualification ever granted: a renewal or a revocation since leaves its grant in the record.
    ...(officer.firstQualifiedOn ? [{ what: 'the first qualification granted', on: officer.firstQualifiedOn }] : []),
    ...officer.postHistory.map((entry) => ({ what: `the assignment to post ${entry.postId}`, on: entry.from })),
    ...officer.warningEducation.map((w) => ({ what: 'warning education attended', on: w.attendedOn })),
    // As imposed: a sanction reduced on appeal took effect on its own day, before the replacement's.
    ...Object.values(officer.sanctions).map((s) => ({ what: `sanction ${s.sanctionId} taking effect`, on: s.imposedOn })),
  ];
  return facts.reduce<{ what: string; on: CalendarDate } | null>((first, fact) => (!first || compareDates(fact.on, first.on) < 0 ? fact : first), null);
}

