import t from 'tap';
import {
  bureauLocalToInstant, bureauTimezone, daysFromTo, DEFAULT_BUREAU_TIMEZONE, formatDate, formatInstant, setBureauTimezone, todayInBureau,
} from '../../web/src/format.js';

// Dates on the pages as the bureau writes them, whatever the browser's own zone.

t.test('calendar dates: 2021年5月27日', async (t) => {
  t.equal(formatDate('2021-05-27'), '2021年5月27日');
  t.equal(formatDate('2021-10-05', 'zh'), '2021年10月5日', 'no leading zeros');
  t.equal(formatDate('2021-05-27', 'en'), '27 May 2021');
  t.equal(formatDate(null), '—', 'nothing is a dash');
  t.equal(formatDate('not a date'), 'not a date', 'anything else is shown as it is, never hidden');
});

t.test('days from one calendar date to another', async (t) => {
  t.equal(daysFromTo('2021-11-02', '2021-12-08'), 36, 'received on 2 November, entered on 8 December');
  t.equal(daysFromTo('2021-02-28', '2021-03-01'), 1, 'across a month end');
  t.equal(daysFromTo('2020-02-28', '2020-03-01'), 2, 'a leap year');
  t.equal(daysFromTo('2021-03-27', '2021-03-29'), 2, 'whatever summer time the browser\'s own zone keeps');
  t.equal(daysFromTo('2021-12-08', '2021-12-08'), 0);
  t.equal(daysFromTo(null, '2021-12-08'), null, 'nothing to count from');
  t.equal(daysFromTo('2021-12-08', 'not a date'), null);
});

t.test('instants in the bureau\'s zone (UTC+8)', async (t) => {
  t.equal(formatInstant('2021-05-27T16:30:05Z'), '2021年5月28日 00:30:05', 'past midnight in Asia/Shanghai');
  t.equal(formatInstant('2021-05-27T08:00:00+08:00', 'en'), '27 May 2021 08:00:00');
  t.equal(formatInstant(undefined), '—');
});

t.test("today is the bureau's today", async (t) => {
  t.equal(todayInBureau(new Date('2021-05-27T16:30:00Z')), '2021-05-28');
  t.equal(todayInBureau(new Date('2021-05-27T15:59:59Z')), '2021-05-27');
});

t.test('the bureau\'s zone is the register\'s (BUREAU_TIMEZONE), not a fixed one', async (t) => {
  t.teardown(() => setBureauTimezone(undefined));
  t.equal(bureauTimezone(), DEFAULT_BUREAU_TIMEZONE, 'Asia/Shanghai until the register names another');
  setBureauTimezone('Asia/Urumqi');
  t.equal(formatInstant('2021-05-27T16:30:05Z'), '2021年5月27日 22:30:05', 'instants in the zone set');
  t.equal(todayInBureau(new Date('2021-05-27T16:30:00Z')), '2021-05-27', 'and today');
  setBureauTimezone('Not/A_Zone');
  t.equal(bureauTimezone(), DEFAULT_BUREAU_TIMEZONE, 'a zone this browser does not know leaves the default');
  t.equal(formatInstant('2021-05-27T16:30:05Z', 'zh', 'America/New_York'), '2021年5月27日 12:30:05', 'or a zone given');
});

t.test('a time typed on the bureau\'s clock becomes an instant with that zone\'s offset on that date', async (t) => {
  t.equal(bureauLocalToInstant('2021-05-27T14:30', 'Asia/Shanghai'), '2021-05-27T14:30:00+08:00');
  t.equal(bureauLocalToInstant('2021-05-27T14:30:15', 'Asia/Shanghai'), '2021-05-27T14:30:15+08:00', 'seconds kept');
  t.equal(bureauLocalToInstant('1988-07-01T12:00', 'Asia/Shanghai'), '1988-07-01T12:00:00+09:00', 'China kept summer time in 1988');
  t.equal(bureauLocalToInstant('2021-01-15T09:00', 'America/New_York'), '2021-01-15T09:00:00-05:00', 'winter');
  t.equal(bureauLocalToInstant('2021-07-15T09:00', 'America/New_York'), '2021-07-15T09:00:00-04:00', 'summer');
  t.equal(bureauLocalToInstant('2021-03-14T01:59:59', 'America/New_York'), '2021-03-14T01:59:59-05:00', 'just before the clocks go forward');
  t.equal(bureauLocalToInstant('2021-03-14T03:00', 'America/New_York'), '2021-03-14T03:00:00-04:00', 'just after');
  t.equal(bureauLocalToInstant('2021-11-07T01:30', 'America/New_York'), '2021-11-07T01:30:00-04:00', 'a time shown twice: the first');
  t.equal(bureauLocalToInstant('2021-05-27T14:30', 'Asia/Kolkata'), '2021-05-27T14:30:00+05:30', 'half-hour offsets');
  t.equal(bureauLocalToInstant('2021-03-14T02:30', 'America/New_York'), '2021-03-14T03:30:00-04:00', 'a time the clock skips: read at the offset before the jump');
  t.equal(bureauLocalToInstant('2021-03-28T01:30', 'Europe/London'), '2021-03-28T02:30:00+01:00', 'east of Greenwich too');
  t.equal(bureauLocalToInstant(''), '', 'nothing typed: no instant');
  for (const local of ['2021-05-27T14:30', '1999-12-31T23:59:59', '2024-02-29T00:00']) {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Urumqi']) {
      const instant = bureauLocalToInstant(local, zone);
      const back = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(new Date(instant)).replace(' ', 'T');
      t.equal(back, local.length === 16 ? `${local}:00` : local, `${local} in ${zone} reads back the same`);
    }
  }
});
