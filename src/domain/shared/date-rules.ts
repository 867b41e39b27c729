import { compareDates, type CalendarDate } from './calendar.js';
import { refuse } from '../rules.js';
import { today, type DecisionContext } from './decision-context.js';

// Dates of facts (`…On`) are never later than today in the bureau's calendar, and never earlier
// than the record they follow. Due dates and end dates are naturally in the future and are not
// checked with `notInFuture`.

export function notInFuture(field: string, date: CalendarDate, ctx: DecisionContext): void {
  const now = today(ctx);
  if (compareDates(date, now) > 0) throw refuse('date_in_future', `${field} ${date} is after ${now}.`);
}

export function notBefore(field: string, date: CalendarDate, boundName: string, bound: CalendarDate | null | undefined): void {
  if (bound && compareDates(date, bound) < 0) {
    throw refuse('date_out_of_order', `${field} ${date} is before ${boundName} ${bound}.`);
  }
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compareDates(a, b) >= 0 ? a : b;
}
