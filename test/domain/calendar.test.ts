import t from 'tap';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { calendarDate, dateOfInstant, isRealCalendarDate } from '../../src/domain/shared/calendar.js';

// The calendar-date check is plain arithmetic; luxon's parser is the reference it must agree with.
const byLuxon = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

t.test('agrees with luxon on every month and day number of leap, common and century years', async (t) => {
  const years = [0, 1, 4, 100, 400, 1582, 1899, 1900, 1904, 1999, 2000, 2001, 2023, 2024, 2100, 2400, 9996, 9999];
  let disagreements = 0;
  for (const year of years) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        if (isRealCalendarDate(value) !== byLuxon(value)) {
          disagreements++;
          t.fail(`${value}: ${isRealCalendarDate(value)} but luxon says ${byLuxon(value)}`);
        }
      }
    }
  }
  t.equal(disagreements, 0);
});

t.test('knows the leap-year rule and the month lengths', async (t) => {
  t.ok(isRealCalendarDate('2024-02-29'));
  t.ok(isRealCalendarDate('2000-02-29'));
  t.notOk(isRealCalendarDate('1900-02-29'));
  t.notOk(isRealCalendarDate('2023-02-29'));
  t.notOk(isRealCalendarDate('2024-04-31'));
  t.ok(isRealCalendarDate('2024-12-31'));
  t.notOk(isRealCalendarDate('2024-13-01'));
  t.notOk(isRealCalendarDate('2024-00-10'));
  t.notOk(isRealCalendarDate('2024-01-00'));
});

t.test('refuses anything but the exact YYYY-MM-DD shape', async (t) => {
  for (const value of ['2024-2-09', '24-02-09', '2024-02-09T00:00', '2024-02-09\n', ' 2024-02-09', '2024/02/09', '20240209', '+2024-02-09', '２０２４-02-09', '']) {
    t.notOk(isRealCalendarDate(value), JSON.stringify(value));
  }
});

t.test('agrees with luxon on random strings of the date shape', async () => {
  const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
  fc.assert(fc.property(digits(4), digits(2), digits(2), (y, m, d) => {
    const value = `${y}-${m}-${d}`;
    return isRealCalendarDate(value) === byLuxon(value);
  }), { numRuns: 5000 });
});

t.test('the calendarDate schema names the problem', async (t) => {
  t.equal(calendarDate.parse('2024-02-29'), '2024-02-29');
  const result = calendarDate.safeParse('2023-02-29');
  t.notOk(result.success);
  t.match(result.error?.issues[0]?.message, /real calendar date/);
});

t.test('the date of an instant in a zone agrees with luxon, across offsets and daylight-saving changes', async (t) => {
  let disagreements = 0;
  let checked = 0;
  for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC']) {
    for (let d = 0; d < 800; d += 1) {
      const day = DateTime.fromISO('2020-01-01', { zone: 'UTC' }).plus({ days: d }).toISODate()!;
      for (const offset of ['+08:00', '+01:00', '+02:00', '-05:00', '-04:00', '+00:00']) {
        for (const time of ['00:30:00.000', '02:30:00.000', '12:00:00.000', '23:30:00.000']) {
          const instant = `${day}T${time}${offset}`;
          checked += 1;
          if (dateOfInstant(instant, zone) !== DateTime.fromISO(instant, { zone }).toISODate()) disagreements += 1;
        }
      }
    }
  }
  t.equal(disagreements, 0, `${checked} instants, each on luxon's day`);
  t.throws(() => dateOfInstant('yesterday', 'Asia/Shanghai'), RangeError);
});
