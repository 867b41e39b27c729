import type { EventType } from '../src/domain/event-catalogue.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';

// A history is told day by day under the day each fact took effect (a posting from its effective
// date, a hearing on the day it was held), which a backdated record places long before the day it
// was recorded. Facts without such a day (evidence attached, a deferral, a correction) are told
// under the day they were recorded.

/** The field of each event type's data that holds the day it took effect. */
const EFFECTIVE_DAY_FIELD: Partial<Record<EventType, string>> = {
  OfficerRegistered: 'hiredOn',
  QualificationGranted: 'grantedOn',
  OfficerAssigned: 'effectiveOn',
  WarningEducationAttended: 'attendedOn',
  SanctionTookEffect: 'effectiveOn',
  SanctionRevised: 'decidedOn',
  OffPostTrainingCompleted: 'completedOn',
  HeldPostChanged: 'effectiveOn',
  UnitHeadAppointed: 'effectiveOn',
  CaseReported: 'reportedOn',
  VerificationAssigned: 'assignedOn',
  InterventionHeld: 'heldOn',
  FindingRecorded: 'recordedOn',
  AccountabilityFlagged: 'flaggedOn',
  SanctionImposed: 'effectiveOn',
  AppealFiled: 'filedOn',
  AppealDecided: 'decidedOn',
  CaseClosed: 'closedOn',
};

/** The day the event took effect, or null when it has none (it is then of the day it was recorded). */
export function effectiveDayOf(type: EventType, data: Readonly<Record<string, unknown>>): CalendarDate | null {
  const field = EFFECTIVE_DAY_FIELD[type];
  const day = field === undefined ? undefined : data[field];
  return typeof day === 'string' ? day : null;
}
