import t from 'tap';
import { caseRegisterProjection, foldCase, type CaseRow } from '../../projections/case-register.js';
import { foldInMemory } from '../../projections/projection.js';
import { iterateCases, listCases, readCase } from '../../src/read-models/queries/case-register-query.js';
import { readOfficerHistory } from '../../src/read-models/queries/officer-history-query.js';
import { readStatistics } from '../../src/read-models/queries/statistics-query.js';
import { EventLog, reporter } from '../fixtures/projection-events.js';
import { buildReadModels } from '../fixtures/read-models.js';

// A complaint received by the 12328 hotline on 2 November and entered in the register on
// 8 December: the register and the case tell both days (reportedOn, the day received; enteredOn,
// the bureau's day of the report's record time), and the statistics count it on the day received.

const log = new EventLog('2021-11-02T09:00:00.000+08:00');
log.add('UnitRegistered', { unitId: 'U1', name: '城区执法中队', headOfficerId: null });
log.add('OfficerRegistered', { officerId: 'O1', name: '李明', unitId: 'U1', hiredOn: '2012-01-01' });
// Entered at 01:30 on 8 December in Shanghai: still 7 December in UTC, the offset the record time is written with.
log.add('CaseReported', {
  caseId: 'C-late', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'responsibility', channel: 'hotline_12328',
  occurredOn: '2021-11-01', summary: '12328热线投诉受理不及时', ruleRefs: ['bbz-3'], reporter, reportedOn: '2021-11-02',
}, { at: '2021-12-07T17:30:00.000Z' });
// Received and entered the same day.
log.add('CaseReported', {
  caseId: 'C-same-day', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'conduct', channel: 'email',
  occurredOn: '2021-12-01', summary: '工作时间脱岗', ruleRefs: [], reporter: null, reportedOn: '2021-12-08',
}, { at: '2021-12-08T10:00:00.000+08:00' });

t.test('the case register row keeps when the report was entered, beside the day it was received', async (t) => {
  const row = foldInMemory(caseRegisterProjection, log.projected).cases!.get('C-late') as CaseRow;
  t.equal(row.reportedOn, '2021-11-02', 'the day received');
  t.equal(row.enteredAt, '2021-12-07T17:30:00.000Z', 'the instant it was entered, as recorded (the reducer knows no zone)');
  const whole = foldCase(log.projected.filter((e) => e.streamName === 'case-C-late'))!;
  t.equal(whole.reportedOn, '2021-11-02');
  t.equal(whole.reported.recordedAt, row.enteredAt);
});

t.test('reads give enteredOn in the bureau\'s zone, reportedOn as received; statistics count on the day received', async (t) => {
  const rm = await buildReadModels(t.testdir(), log.recorded);
  t.teardown(() => rm.close());
  const db = rm.reader;
  const today = '2021-12-08';

  const listed = listCases(db, { today, timezone: 'Asia/Shanghai' }).items;
  t.same(listed.map((c) => [c.caseId, c.reportedOn, c.enteredOn]), [['C-same-day', '2021-12-08', '2021-12-08'], ['C-late', '2021-11-02', '2021-12-08']],
    'newest report first (by the day received); entered at 01:30 on 8 December in Shanghai is 8 December, whatever offset the instant was written with');
  t.same(listCases(db, { today, timezone: 'UTC' }).items.find((c) => c.caseId === 'C-late')?.enteredOn, '2021-12-07', 'in another bureau zone, that zone\'s day');
  t.same([...iterateCases(db, { today, timezone: 'Asia/Shanghai' })].map((c) => [c.reportedOn, c.enteredOn]), [['2021-12-08', '2021-12-08'], ['2021-11-02', '2021-12-08']],
    'the export gives both');
  t.same(listCases(db, { today, reportedFrom: '2021-11-01', reportedTo: '2021-11-30' }).items.map((c) => c.caseId), ['C-late'], 'the register filters on the day received');

  const detail = (await readCase(db, rm.store, 'C-late', { today, timezone: 'Asia/Shanghai', includeReporter: false, upTo: rm.runner.position() }))!;
  t.same([detail.reportedOn, detail.enteredOn], ['2021-11-02', '2021-12-08'], 'the whole case too');
  t.equal(detail.timeline[0]!.on, '2021-11-02', 'its story tells the report under the day received');
  t.equal(detail.timeline[0]!.recordedAt, '2021-12-07T17:30:00.000Z', 'recorded when it was entered');

  const november = readStatistics(db, { from: '2021-11-01', to: '2021-11-30' });
  const december = readStatistics(db, { from: '2021-12-01', to: '2021-12-31' });
  t.same([november.cases.total, november.byCategory.responsibility, november.byCategory.conduct], [1, 1, 0], 'counted in the period it was received');
  t.same([december.cases.total, december.byCategory.responsibility, december.byCategory.conduct], [1, 0, 1], 'not in the period it was entered');

  const history = (await readOfficerHistory(db, rm.store, 'O1'))!;
  t.same(history.timeline.filter((e) => e.type === 'CaseReported').map((e) => [e.data.caseId, e.on]), [['C-late', '2021-11-02'], ['C-same-day', '2021-12-08']],
    'the officer\'s history tells it under the day received');
});
