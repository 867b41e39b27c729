import t from 'tap';
import { caseTimeline, foldCase } from '../../projections/case-register.js';
import { foldInMemory } from '../../projections/projection.js';
import { statisticsProjection, sumCounts, type DayCounts } from '../../projections/statistics.js';
import { readAlerts } from '../../src/read-models/queries/accountability-alerts-query.js';
import { listCases, readCase } from '../../src/read-models/queries/case-register-query.js';
import { readOfficerHistory } from '../../src/read-models/queries/officer-history-query.js';
import { readStatistics } from '../../src/read-models/queries/statistics-query.js';
import { EventLog, reporter } from '../fixtures/projection-events.js';
import { buildReadModels } from '../fixtures/read-models.js';

// A case handled on paper in the spring of 2019 and entered in the register on 15 June 2021, when
// the bureau moved its paper ledgers in: every read model tells its verification, finding and
// closure under the days they happened, and keeps the day each was entered (the finding's
// recordedOn, every event's recordedAt). A finding recorded before foundOn was kept reads as made
// the day it was recorded.

const ENTERED = '2021-06-15T';
const log = new EventLog('2019-01-01T09:00:00.000+08:00');
log.add('UnitRegistered', { unitId: 'U1', name: '城区执法中队', headOfficerId: 'O-HEAD' });
log.add('OfficerRegistered', { officerId: 'O1', name: '李明', unitId: 'U1', hiredOn: '2012-01-01' });
log.add('OfficerRegistered', { officerId: 'O2', name: '王强', unitId: 'U1', hiredOn: '2012-01-01' });
log.add('OfficerRegistered', { officerId: 'O-HEAD', name: '赵刚', unitId: 'U1', hiredOn: '2010-01-01' });
const paper = { caseId: 'C-paper' };
log.add('CaseReported', {
  ...paper, subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'integrity', channel: 'letter', occurredOn: '2019-02-20',
  summary: '纸质台账：收受货车司机财物', ruleRefs: ['lyj-5'], reporter, reportedOn: '2019-03-01',
}, { at: `${ENTERED}09:00:00.000+08:00` });
log.add('VerificationAssigned', { ...paper, inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2019-04-03' }, { at: `${ENTERED}09:01:00.000+08:00` });
log.add('FindingRecorded', {
  ...paper, officerIds: ['O1'], outcome: 'substantiated', severity: 'serious', summary: '经核实，反映问题属实', recordedOn: '2021-06-15', foundOn: '2019-03-28', late: false,
}, { at: `${ENTERED}09:02:00.000+08:00` });
log.add('AccountabilityFlagged', { ...paper, officerId: 'O1', unitId: 'U1', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2019-03-28' }, { at: `${ENTERED}09:02:00.000+08:00` });
log.add('AccountabilityFlagged', { ...paper, officerId: 'O1', unitId: 'U1', level: 'unit_head', headOfficerId: 'O-HEAD', ruleRef: 'bj-2', flaggedOn: '2019-03-28' }, { at: `${ENTERED}09:02:00.000+08:00` });
log.add('SanctionImposed', {
  ...paper, sanctionId: 'S-1', officerId: 'O1', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2019-04-02', basis: '依据六严禁第五项',
  untilOn: null, toPostId: null, recordedOn: '2021-06-15',
}, { at: `${ENTERED}09:03:00.000+08:00` });
log.add('CaseClosed', { ...paper, summary: '已按规定处理，办结', closedOn: '2019-04-20' }, { at: `${ENTERED}09:04:00.000+08:00` });
// Another paper case, assigned in 2019 and never found: overdue since 2019.
log.add('CaseReported', {
  caseId: 'C-paper-open', subjects: [{ officerId: 'O2', unitId: 'U1' }], category: 'conduct', channel: 'letter', occurredOn: '2019-05-02',
  summary: '纸质台账：工作时间脱岗', ruleRefs: [], reporter: null, reportedOn: '2019-05-06',
}, { at: `${ENTERED}09:05:00.000+08:00` });
log.add('VerificationAssigned', { caseId: 'C-paper-open', inspectorId: 'inspector-li', assignedOn: '2019-05-07', dueOn: '2019-06-06' }, { at: `${ENTERED}09:06:00.000+08:00` });
// A finding recorded before foundOn was kept (no foundOn): made the day it was recorded.
log.add('CaseReported', {
  caseId: 'C-old', subjects: [{ officerId: 'O2', unitId: 'U1' }], category: 'conduct', channel: 'email', occurredOn: '2021-05-01',
  summary: '工作日饮酒', ruleRefs: [], reporter: null, reportedOn: '2021-05-06',
}, { at: '2021-05-06T10:00:00.000+08:00' });
log.add('VerificationAssigned', { caseId: 'C-old', inspectorId: 'inspector-li', assignedOn: '2021-05-06', dueOn: '2021-06-05' }, { at: '2021-05-06T10:01:00.000+08:00' });
log.add('FindingRecorded', {
  caseId: 'C-old', officerIds: ['O2'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false,
}, { at: '2021-05-20T10:00:00.000+08:00' });

const caseEvents = (caseId: string) => log.projected.filter((e) => e.streamName === `case-${caseId}`);

t.test('the whole case keeps the day each step happened beside the day it was entered, and tells its story under the first', async (t) => {
  const whole = foldCase(caseEvents('C-paper'))!;
  t.same(whole.verifications.map((v) => [v.assignedOn, v.recordedAt]), [['2019-03-04', `${ENTERED}09:01:00.000+08:00`]]);
  t.match(whole.findings, [{ foundOn: '2019-03-28', recordedOn: '2021-06-15', late: false }], 'the finding: made, and entered');
  t.match(whole.closure, { closedOn: '2019-04-20', recordedAt: `${ENTERED}09:04:00.000+08:00` });
  t.same(caseTimeline(whole).map((e) => [e.type, e.on]), [
    ['CaseReported', '2019-03-01'], ['VerificationAssigned', '2019-03-04'], ['FindingRecorded', '2019-03-28'],
    ['AccountabilityFlagged', '2019-03-28'], ['AccountabilityFlagged', '2019-03-28'], ['SanctionImposed', '2019-04-02'], ['CaseClosed', '2019-04-20'],
  ], 'every step under the day it happened, none under the day it was entered');
  t.match(caseTimeline(whole).find((e) => e.type === 'FindingRecorded')!.data, { foundOn: '2019-03-28', recordedOn: '2021-06-15' });

  const old = foldCase(caseEvents('C-old'))!;
  t.match(old.findings, [{ recordedOn: '2021-05-20', foundOn: '2021-05-20' }], 'a finding without foundOn was made the day it was recorded');
  t.equal(caseTimeline(old).find((e) => e.type === 'FindingRecorded')!.on, '2021-05-20');
});

t.test('the statistics count a finding in the period it was made, not the one it was entered in', async (t) => {
  const days = [...(foldInMemory(statisticsProjection, log.projected).days!.values() as Iterable<DayCounts>)];
  const findings = (from: string, to: string) => sumCounts(days.filter((d) => d.series === 'findings' && d.day >= from && d.day <= to).map((d) => d.counts));
  t.same([findings('2019-03-01', '2019-03-31').total, findings('2019-03-01', '2019-03-31').by.outcome], [1, { substantiated: 1 }], 'March 2019');
  t.same([findings('2021-06-01', '2021-06-30').total], [0], 'nothing in June 2021, when it was entered');
  t.equal(findings('2021-05-20', '2021-05-20').total, 1, 'a finding without foundOn counts on the day it was recorded');
  t.equal(statisticsProjection.version, 9, 'the statistics are rebuilt once to count the findings so');
});

t.test('the reads: register, case, alerts, statistics and the officer history follow the days things happened', async (t) => {
  const rm = await buildReadModels(t.testdir(), log.recorded);
  t.teardown(() => rm.close());
  const db = rm.reader;
  const today = '2021-06-15';

  const listed = listCases(db, { today, timezone: 'Asia/Shanghai' }).items;
  t.match(listed.find((c) => c.caseId === 'C-paper'), { status: 'closed', dueOn: '2019-04-03', late: false, overdue: false, closedOn: '2019-04-20', enteredOn: '2021-06-15' },
    'closed in 2019, in time, entered in 2021');
  t.match(listed.find((c) => c.caseId === 'C-paper-open'), { dueOn: '2019-06-06', overdue: true }, 'assigned in 2019 and never found: overdue since its due date');
  t.same(listCases(db, { today, overdue: true }).items.map((c) => c.caseId), ['C-paper-open']);

  const detail = (await readCase(db, rm.store, 'C-paper', { today, timezone: 'Asia/Shanghai', includeReporter: false, upTo: rm.runner.position() }))!;
  t.match(detail.findings, [{ foundOn: '2019-03-28', recordedOn: '2021-06-15' }]);
  t.same(detail.timeline.map((e) => e.on), ['2019-03-01', '2019-03-04', '2019-03-28', '2019-03-28', '2019-03-28', '2019-04-02', '2019-04-20']);

  const alerts = readAlerts(db, { today, from: '2019-01-01', to: '2019-12-31' });
  t.same(alerts.alerts.map((a) => [a.ruleRef, a.raisedOn]).sort(), [['bj-1', '2019-03-28'], ['bj-2', '2019-03-28'], ['bj-4', '2019-03-28']],
    'the alerts are raised on the day of the finding (a serious breach: bj-4 too)');
  t.equal(readAlerts(db, { today, from: '2021-06-01' }).alerts.length, 0, 'none on the day it was entered');
  t.same(alerts.overdueVerifications.map((v) => [v.caseId, v.daysOverdue]), [['C-paper-open', 740]], 'overdue since 6 June 2019');

  const march = readStatistics(db, { from: '2019-03-01', to: '2019-03-31' });
  t.same([march.findings.total, march.findings.byOutcome], [1, { substantiated: 1, partly_substantiated: 0, unfounded: 0 }], 'the finding counted in March 2019');
  t.same(readStatistics(db, { from: '2021-06-01', to: '2021-06-30' }).findings.total, 0);
  t.same(readStatistics(db, { from: '2019-03-01', to: '2019-03-31', unitId: 'U1' }).findings.total, 1, 'in its unit\'s figures too');

  const history = (await readOfficerHistory(db, rm.store, 'O1'))!;
  t.same(history.timeline.filter((e) => e.data.caseId === 'C-paper').map((e) => [e.type, e.on]), [
    ['CaseReported', '2019-03-01'], ['VerificationAssigned', '2019-03-04'], ['FindingRecorded', '2019-03-28'],
    ['AccountabilityFlagged', '2019-03-28'], ['SanctionImposed', '2019-04-02'], ['CaseClosed', '2019-04-20'],
  ], 'the officer\'s history tells the case under the days it happened');
  t.match(history.timeline.find((e) => e.type === 'FindingRecorded')!.data, { foundOn: '2019-03-28', recordedOn: '2021-06-15' });
  t.match(history.state.cases, [{ caseId: 'C-paper', outcome: 'substantiated', closedOn: '2019-04-20' }]);
  t.match(history.state.accountability, [{ caseId: 'C-paper', level: 'officer', flaggedOn: '2019-03-28' }]);
  const head = (await readOfficerHistory(db, rm.store, 'O-HEAD'))!;
  t.match(head.timeline.find((e) => e.type === 'AccountabilityFlagged'), { on: '2019-03-28' }, 'the unit head\'s history too');
  const o2 = (await readOfficerHistory(db, rm.store, 'O2'))!;
  t.match(o2.timeline.find((e) => e.type === 'FindingRecorded'), { on: '2021-05-20', data: { foundOn: '2021-05-20', recordedOn: '2021-05-20' } },
    'a finding without foundOn: the day recorded');
});
