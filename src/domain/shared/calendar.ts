import { DateTime } from 'luxon';
import { z } from 'zod';

// Calendar dates (when something took effect) are `YYYY-MM-DD` strings in the bureau's zone;
// instants (when something was recorded) are ISO strings with an offset. They never mix.

export const DEFAULT_BUREAU_TIMEZONE = 'Asia/Shanghai';

export type CalendarDate = string;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealCalendarDate(value: string): boolean {
  return DATE_SHAPE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

export const calendarDate = z
  .string()
  .refine(isRealCalendarDate, { message: 'must be a real calendar date YYYY-MM-DD' });

/** Today's date in the given zone, at the given instant. */
export function dateAt(instant: DateTime, timezone: string): CalendarDate {
  return instant.setZone(timezone).toISODate()!;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Month arithmetic clamps to the month's end (2021-01-31 + 1 month = 2021-02-28), as luxon does. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ months }).toISODate()!;
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}

/** ISO dates compare correctly as strings. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
