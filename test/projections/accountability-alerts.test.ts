import t from 'tap';
import { accountabilityAlertsProjection, type AccountabilityAlert } from '../../projections/accountability-alerts.js';
import { foldInMemory } from '../../projections/projection.js';
import { EventLog } from '../fixtures/projection-events.js';

function flag(log: EventLog, caseId: string, officerId: string, unitId: string, on: string) {
  log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: on });
  log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'unit_head', headOfficerId: 'H1', ruleRef: 'bj-2', flaggedOn: on });
}

function alerts(log: EventLog): AccountabilityAlert[] {
  return [...foldInMemory(accountabilityAlertsProjection, log.projected).alerts!.values()] as AccountabilityAlert[];
}

t.test('every substantiated breach holds the officer and the unit head accountable', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-05-20');
  const all = alerts(log);
  t.same(all.map((a) => [a.ruleRef, a.level, a.accountableOfficerId]), [['bj-1', 'officer', 'O1'], ['bj-2', 'unit_head', 'H1']]);
});

t.test('three distinct officers of one unit within 365 days escalate to the agency head, once per episode', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-01-10');
  flag(log, 'C2', 'O1', 'U1', '2021-03-01');
  flag(log, 'C3', 'O2', 'U1', '2021-06-01');
  flag(log, 'C4', 'O9', 'U2', '2021-06-02');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 0, 'two officers (one twice) are not enough, nor a third in another unit');
  flag(log, 'C5', 'O3', 'U1', '2022-01-09');
  let bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.equal(bj3.length, 1, 'the third officer within 365 days (2021-01-10 .. 2022-01-09) escalates');
  t.same([...bj3[0]!.officerIds].sort(), ['O1', 'O2', 'O3']);
  t.same([...bj3[0]!.caseIds].sort(), ['C1', 'C2', 'C3', 'C5']);
  t.equal(bj3[0]!.level, 'agency_head');
  t.equal(bj3[0]!.windowFrom, '2021-01-10');
  flag(log, 'C6', 'O4', 'U1', '2022-02-01');
  bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.equal(bj3.length, 1, 'a fourth officer joins the open episode');
  t.same([...bj3[0]!.officerIds].sort(), ['O1', 'O2', 'O3', 'O4']);
  t.equal(bj3[0]!.windowTo, '2022-02-01');
});

t.test('breaches more than 365 days apart do not escalate', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2020-01-01');
  flag(log, 'C2', 'O2', 'U1', '2020-06-01');
  flag(log, 'C3', 'O3', 'U1', '2021-01-01');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 0, '2020-01-01 .. 2021-01-01 spans 367 days');
  flag(log, 'C4', 'O4', 'U1', '2021-05-01');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 1, 'O2, O3 and O4 fall within one window');
});

t.test('a later episode raises a new alert', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2019-01-01');
  flag(log, 'C2', 'O2', 'U1', '2019-02-01');
  flag(log, 'C3', 'O3', 'U1', '2019-03-01');
  flag(log, 'C4', 'O4', 'U1', '2021-01-01');
  flag(log, 'C5', 'O5', 'U1', '2021-02-01');
  flag(log, 'C6', 'O6', 'U1', '2021-03-01');
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => a.officerIds), [['O1', 'O2', 'O3'], ['O4', 'O5', 'O6']]);
});

t.test('an episode lasts a year: a unit that keeps breaching gets a new alert each year', async (t) => {
  const log = new EventLog();
  const days = ['2020-01-10', '2020-03-10', '2020-05-10', '2020-09-10', '2021-01-08', '2021-01-09', '2021-03-10', '2021-06-10'];
  days.forEach((on, i) => flag(log, `C${i}`, `O${i % 3}`, 'U1', on));
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  // Raised on 2020-05-10; breaches up to 2021-05-09 join it; the one of 2021-06-10 opens a new
  // episode because its own 365-day window (from 2020-06-11) again holds three officers.
  t.same(bj3.map((a) => [a.raisedOn, a.windowTo]), [['2020-05-10', '2021-03-10'], ['2021-06-10', '2021-06-10']]);
  t.same([...bj3[0]!.caseIds].sort(), ['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
  t.same([...bj3[1]!.officerIds].sort(), ['O0', 'O1', 'O2']);
});
