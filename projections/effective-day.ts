import type { EventType } from '../src/domain/event-catalogue.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';

// A history is told day by day under the day each fact took effect (a posting from its effective
// date, a hearing on the day it was held), which a backdated record places long before the day it
// was recorded. Facts without such a day (evidence attached, a deferral, a correction) are told
// under the day they were recorded.

/**
 * The field of each event type's data that holds the day it took effect; a list when a field added
 * later may be absent (or null) from events written before it, the next field then telling the day.
 */
const EFFECTIVE_DAY_FIELD: Partial<Record<EventType, string | readonly string[]>> = {
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
  // The day the finding was made; findings recorded before it was kept were made the day recorded.
  FindingRecorded: ['foundOn', 'recordedOn'],
  AccountabilityFlagged: 'flaggedOn',
  SanctionImposed: 'effectiveOn',
  AppealFiled: 'filedOn',
  AppealDecided: 'decidedOn',
  CaseClosed: 'closedOn',
};

/** The day the event took effect, or null when it has none (it is then of the day it was recorded). */
export function effectiveDayOf(type: EventType, data: Readonly<Record<string, unknown>>): CalendarDate | null {
  const field = EFFECTIVE_DAY_FIELD[type];
  if (typeof field === 'string') {
    const day = data[field];
    return typeof day === 'string' ? day : null;
  }
  for (const name of field ?? []) {
    const day = data[name];
    if (typeof day === 'string') return day;
  }
  return null;
}
