import { DateTime } from 'luxon';
import { z } from 'zod';

// Calendar dates (when something took effect) are `YYYY-MM-DD` strings in the bureau's zone;
// instants (when something was recorded) are ISO strings with an offset. They never mix.

export const DEFAULT_BUREAU_TIMEZONE = 'Asia/Shanghai';

export type CalendarDate = string;

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * `YYYY-MM-DD` naming a day of the proleptic Gregorian calendar (year 0000 included, as luxon has it).
 * Checked by arithmetic rather than by parsing a DateTime: it runs on every date of every request.
 */
export function isRealCalendarDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= last;
}

export const calendarDate = z
  .string()
  .refine(isRealCalendarDate, { message: 'must be a real calendar date YYYY-MM-DD' });

// A DateTime never changes, so its date in a zone is computed once (a decision asks for "today"
// several times; each answer costs a time-zone conversion).
const datesOfInstants = new WeakMap<DateTime, { timezone: string; date: CalendarDate }>();

/** Today's date in the given zone, at the given instant. */
export function dateAt(instant: DateTime, timezone: string): CalendarDate {
  const known = datesOfInstants.get(instant);
  if (known?.timezone === timezone) return known.date;
  const date = instant.setZone(timezone).toISODate()!;
  datesOfInstants.set(instant, { timezone, date });
  return date;
}

/**
 * The date in the given zone of an ISO instant written with its offset (an event's recordedAt).
 * Read for every case of a register's CSV: when the zone keeps the instant's own offset all that
 * day (known once per zone, day and offset), the date is the instant's own, with no conversion.
 */
export function dateOfInstant(instant: string, timezone: string): CalendarDate {
  const written = /^(\d{4}-\d{2}-\d{2})T[\d:.]+([+-]\d{2}:\d{2})$/.exec(instant);
  if (written) {
    const [, day, offset] = written as unknown as [string, CalendarDate, string];
    const key = `${timezone} ${day}${offset}`;
    let same = zoneKeepsOffset.get(key);
    if (same === undefined) {
      const atOffset = (time: string) => DateTime.fromISO(`${day}T${time}${offset}`, { zone: timezone }).toFormat('ZZ');
      same = atOffset('00:00:00.000') === offset && atOffset('23:59:59.999') === offset;
      zoneKeepsOffset.set(key, same);
    }
    if (same) return day;
  }
  const date = DateTime.fromISO(instant, { zone: timezone }).toISODate();
  if (date === null) throw new RangeError(`Not an ISO instant: ${instant}`);
  return date;
}

/** Whether a zone keeps an offset all through a day written in it (`zone day+08:00`). */
const zoneKeepsOffset = new Map<string, boolean>();

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
