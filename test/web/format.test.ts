import t from 'tap';
import { formatDate, formatInstant, todayInBureau } from '../../web/src/format.js';

// Dates on the pages as the bureau writes them, whatever the browser's own zone.

t.test('calendar dates: 2021年5月27日', async (t) => {
  t.equal(formatDate('2021-05-27'), '2021年5月27日');
  t.equal(formatDate('2021-10-05', 'zh'), '2021年10月5日', 'no leading zeros');
  t.equal(formatDate('2021-05-27', 'en'), '27 May 2021');
  t.equal(formatDate(null), '—', 'nothing is a dash');
  t.equal(formatDate('not a date'), 'not a date', 'anything else is shown as it is, never hidden');
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
