import type { Lang } from './i18n/index.js';

// Dates as the bureau writes them: calendar dates 2021年5月27日; instants in the bureau's zone.
// The zone is the register's (BUREAU_TIMEZONE, published in /web/config.json): the pages set it
// once the configuration has arrived (`setBureauTimezone`); until then, and when a zone is not
// one this browser knows, the register's default.

export const DEFAULT_BUREAU_TIMEZONE = 'Asia/Shanghai';

let bureauZone = DEFAULT_BUREAU_TIMEZONE;

/** Whether this browser knows the zone (an IANA name such as `Asia/Urumqi`). */
export function isKnownTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone the register keeps its calendar in; an unknown zone is ignored (the default stays). */
export function setBureauTimezone(zone: string | null | undefined): void {
  bureauZone = zone && isKnownTimezone(zone) ? zone : DEFAULT_BUREAU_TIMEZONE;
}

export function bureauTimezone(): string {
  return bureauZone;
}

const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})$/;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2021-05-27` -> `2021年5月27日` (zh) or `27 May 2021` (en). Anything else is returned as is. */
export function formatDate(value: string | null | undefined, lang: Lang = 'zh'): string {
  if (!value) return '—';
  const match = CALENDAR.exec(value);
  if (!match) return value;
  const [, y, mo, d] = match as unknown as [string, string, string, string];
  return lang === 'zh' ? `${y}年${Number(mo)}月${Number(d)}日` : `${Number(d)} ${EN_MONTHS[Number(mo) - 1]} ${y}`;
}

/** The wall clock in `zone` at an instant. */
function wallClock(instant: Date, zone: string): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
}

/** Days from one calendar date to another (`2021-11-02` to `2021-12-08`: 36); null when either is not one. */
export function daysFromTo(from: string | null | undefined, to: string | null | undefined): number | null {
  const day = (value: string | null | undefined) => {
    const match = value ? CALENDAR.exec(value) : null;
    return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
  };
  const [a, b] = [day(from), day(to)];
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000);
}

/** An ISO instant in the bureau's zone: `2021年5月27日 14:03:00`. */
export function formatInstant(value: string | null | undefined, lang: Lang = 'zh', zone = bureauZone): string {
  if (!value) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const parts = wallClock(instant, zone);
  const date = formatDate(`${parts.year}-${parts.month}-${parts.day}`, lang);
  return `${date} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The bureau's calendar date at an ISO instant (`2021-05-27T16:30:00Z` -> `2021-05-28`); null when it is not one. */
export function dayInBureau(value: string | null | undefined, zone = bureauZone): string | null {
  if (!value) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : todayInBureau(instant, zone);
}

/** Today's calendar date in the bureau's zone, for form defaults. */
export function todayInBureau(now = new Date(), zone = bureauZone): string {
  const parts = wallClock(now, zone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The zone's offset from UTC at an instant, in minutes (east positive): +480 for Asia/Shanghai. */
export function zoneOffsetMinutes(instant: Date, zone = bureauZone): number {
  const p = wallClock(instant, zone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `2021-05-27T14:30` read on the bureau's wall clock -> an ISO instant with the zone's offset on
 * that date and time (`2021-05-27T14:30:00+08:00`; a zone with summer time has two offsets a year).
 * A time the clock skips (a summer-time gap) is read at the offset before the clocks went forward,
 * as luxon reads it (02:30 on a night the clock jumps from 02:00 to 03:00 is 03:30); a time the
 * clock shows twice is its first reading.
 * Anything that is not such a local time is returned as it is, for the register to judge.
 */
export function bureauLocalToInstant(local: string, zone = bureauZone): string {
  if (!local) return '';
  const match = LOCAL.exec(local);
  if (!match) return local;
  const [, y, mo, d, h, mi, s = '00'] = match as unknown as [string, string, string, string, string, string, string | undefined];
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // The offset at the guessed instant, then at the instant that guess gives: right on both sides of a change.
  const first = zoneOffsetMinutes(new Date(asUtc), zone);
  const offset = zoneOffsetMinutes(new Date(asUtc - first * 60_000), zone);
  const wall = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const reading = (at: Date) => {
    const shown = wallClock(at, zone);
    return `${shown.year}-${shown.month}-${shown.day}T${shown.hour}:${shown.minute}:${shown.second}`;
  };
  let instant = new Date(asUtc - offset * 60_000);
  // In a gap the wall time does not exist: the offset before the clocks went forward is the smaller.
  if (reading(instant) !== wall) instant = new Date(asUtc - Math.min(first, offset) * 60_000);
  return `${reading(instant)}${offsetText(zoneOffsetMinutes(instant, zone))}`;
}
