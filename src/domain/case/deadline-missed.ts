import { compareDates, type CalendarDate } from '../shared/calendar.js';

/**
 * A verification assigned anew (handed over, or given a new due date) after the due date in force,
 * while a subject still awaited a finding: that deadline was missed, whatever the new one, and the
 * findings still pending are late (late handling is itself a breach). The case and the case
 * register both ask this.
 */
export function deadlineMissedBy(dueOn: CalendarDate | null, assignedOn: CalendarDate, anyAwaitingFinding: boolean): boolean {
  return dueOn !== null && compareDates(assignedOn, dueOn) > 0 && anyAwaitingFinding;
}
