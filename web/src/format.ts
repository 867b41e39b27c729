import type { Lang } from './i18n/index.js';

// Dates as the bureau writes them: calendar dates 2021年5月27日; instants in the bureau's zone.

export const BUREAU_TIMEZONE = 'Asia/Shanghai';

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

/** An ISO instant in the bureau's zone: `2021年5月27日 14:03`. */
export function formatInstant(value: string | null | undefined, lang: Lang = 'zh'): string {
  if (!value) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: BUREAU_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const date = formatDate(`${parts.year}-${parts.month}-${parts.day}`, lang);
  return `${date} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Today's calendar date in the bureau's zone, for form defaults. */
export function todayInBureau(now = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: BUREAU_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
