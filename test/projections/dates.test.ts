import fc from 'fast-check';
import t from 'tap';
import { addDaysFast, addMonthsFast } from '../../projections/dates.js';
import { addDays, addMonths } from '../../src/domain/shared/calendar.js';

const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

t.test('fast calendar arithmetic agrees with the domain\'s luxon arithmetic', async (t) => {
  fc.assert(fc.property(date, fc.integer({ min: -4000, max: 4000 }), (d, n) => addDaysFast(d, n) === addDays(d, n)), { numRuns: 3000 });
  fc.assert(fc.property(date, fc.integer({ min: -240, max: 240 }), (d, n) => addMonthsFast(d, n) === addMonths(d, n)), { numRuns: 3000 });
  t.equal(addMonthsFast('2021-01-31', 1), '2021-02-28', 'clamps to the end of the month');
  t.equal(addMonthsFast('2020-02-29', 12), '2021-02-28');
  t.equal(addDaysFast('2021-03-01', -1), '2021-02-28');
  t.equal(addDaysFast('2020-12-31', 1), '2021-01-01');
});
