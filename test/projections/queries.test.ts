import t from 'tap';
import { instantMs } from '../../projections/projected-event.js';
import { readAlerts } from '../../src/read-models/queries/accountability-alerts-query.js';
import { listCases, readCase } from '../../src/read-models/queries/case-register-query.js';
import { readOfficerHistory, TimelineOutOfStepError } from '../../src/read-models/queries/officer-history-query.js';
import { readRotationSchedule } from '../../src/read-models/queries/rotation-schedule-query.js';
import { readStatistics } from '../../src/read-models/queries/statistics-query.js';
import { InvalidCursorError } from '../../src/read-models/queries/statements.js';
import {
  findingOutcomes, interventionKinds, reportChannels, sanctionCapacities, sanctionKinds, violationCategories,
} from '../../src/domain/shared/codes.js';
import { EventLog, post, reporter } from '../fixtures/projection-events.js';
import { buildReadModels } from '../fixtures/read-models.js';

// A small bureau: two units, five officers on sensitive posts with rotation due at different times,
// three cases (one overdue, one sanctioned with one of its two subjects still awaiting a finding
// past the due date, so overdue too, one closed unfounded).
const log = new EventLog('2021-01-04T09:00:00.000+08:00');
log.add('UnitRegistered', { unitId: 'U1', name: '城区执法中队', headOfficerId: null });
log.add('UnitRegistered', { unitId: 'U2', name: '超限检测站', headOfficerId: null });
const officers = [
  ['O1', '李明', 'U1', '2016-01-01'], ['O2', '王芳', 'U1', '2016-08-01'], ['O3', '陈刚', 'U1', '2018-06-01'],
  ['O4', '赵丽', 'U2', '2016-07-15'], ['O5', '孙强', 'U2', '2020-01-01'],
] as const;
for (const [id, name, unitId, since] of officers) {
  log.add('OfficerRegistered', { officerId: id, name, unitId, hiredOn: '2012-01-01' });
  log.add('QualificationGranted', { officerId: id, certificateNo: `证${id}`, grantedOn: '2012-03-01' });
  log.add('OfficerAssigned', { officerId: id, post: post(`P-${id}`, unitId, { sensitive: true, months: 60, title: '路政稽查岗' }), effectiveOn: since, reason: 'appointment', previousPostId: null });
}
log.add('RotationDeferred', { officerId: 'O4', postId: 'P-O4', until: '2021-12-31', reason: '治超攻坚', approvedBy: '局党组' });
const beforeCases = log.now;
log.add('CaseReported', {
  caseId: 'C-overdue', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'responsibility', channel: 'hotline_12328',
  occurredOn: '2021-01-02', summary: '投诉受理不及时', ruleRefs: [], reporter, reportedOn: '2021-01-04',
});
log.add('VerificationAssigned', { caseId: 'C-overdue', inspectorId: 'I1', assignedOn: '2021-01-04', dueOn: '2021-02-03' });
log.add('CaseReported', {
  caseId: 'C-sanctioned', subjects: [{ officerId: 'O2', unitId: 'U1' }, { officerId: 'O4', unitId: 'U2' }], category: 'integrity', channel: 'inspection',
  occurredOn: '2021-01-03', summary: '罚款未开具票据', ruleRefs: ['lyj-5'], reporter: null, reportedOn: '2021-01-05',
});
log.add('VerificationAssigned', { caseId: 'C-sanctioned', inspectorId: 'I2', assignedOn: '2021-01-05', dueOn: '2021-02-04' });
log.add('FindingRecorded', { caseId: 'C-sanctioned', officerIds: ['O2'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-01-20', late: false });
log.add('AccountabilityFlagged', { caseId: 'C-sanctioned', officerId: 'O2', unitId: 'U1', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-01-20' });
log.add('SanctionImposed', { caseId: 'C-sanctioned', sanctionId: 'S1', officerId: 'O2', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-01-21', basis: '六严禁', untilOn: null, toPostId: null });
log.add('SanctionTookEffect', { officerId: 'O2', caseId: 'C-sanctioned', sanctionId: 'S1', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-01-21', untilOn: null, toPost: null });
log.add('CaseReported', {
  caseId: 'C-closed', subjects: [{ officerId: 'O5', unitId: 'U2' }], category: 'conduct', channel: 'email',
  occurredOn: '2021-02-01', summary: '工作时间玩手机', ruleRefs: [], reporter: null, reportedOn: '2021-02-02',
});
log.add('FindingRecorded', { caseId: 'C-closed', officerIds: ['O5'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-02-10', late: false });
log.add('CaseClosed', { caseId: 'C-closed', summary: '不属实，结案', closedOn: '2021-02-11' });

const today = '2021-03-01';

t.test('queries over the read models', async (t) => {
  const rm = await buildReadModels(t.testdir(), log.recorded);
  t.teardown(() => rm.close());
  const db = rm.reader;

  t.test('rotation schedule: status against today, filters, pages', async (t) => {
    const all = readRotationSchedule(db, { today });
    t.equal(all.total, 5);
    t.same(all.items.map((i) => [i.officerId, i.effectiveDueOn, i.status]), [
      ['O1', '2021-01-01', 'overdue'], ['O2', '2021-08-01', 'ok'], ['O4', '2021-12-31', 'ok'],
      ['O3', '2023-06-01', 'ok'], ['O5', '2025-01-01', 'ok'],
    ]);
    t.same(all.items[2], {
      officerId: 'O4', officerName: '赵丽', postId: 'P-O4', postTitle: '路政稽查岗', unitId: 'U2', unitName: '超限检测站', since: '2016-07-15',
      periodMonths: 60, dueOn: '2021-07-15', deferredUntil: '2021-12-31', effectiveDueOn: '2021-12-31', status: 'ok', lastWarningEducationOn: null, offPostTrainingSince: null, offPostTrainingUntil: null,
    }, 'a deferred rotation is judged by its deferral');
    t.same(readRotationSchedule(db, { today, status: 'overdue' }).items.map((i) => i.officerId), ['O1']);
    t.same(readRotationSchedule(db, { today, status: 'due_soon' }).items.map((i) => i.officerId), [], 'O2 is due in 153 days');
    t.same(readRotationSchedule(db, { today, status: 'due_soon', dueSoonDays: 180 }).items.map((i) => i.officerId), ['O2'], 'within a 180-day window');
    t.same(readRotationSchedule(db, { today, unitId: 'U2' }).items.map((i) => i.officerId), ['O4', 'O5']);
    t.same(readRotationSchedule(db, { today, dueBefore: '2021-12-31' }).items.map((i) => i.officerId), ['O1', 'O2']);
    const first = readRotationSchedule(db, { today, limit: 2 });
    t.same(first.items.map((i) => i.officerId), ['O1', 'O2']);
    const second = readRotationSchedule(db, { today, limit: 2, cursor: first.nextCursor! });
    const third = readRotationSchedule(db, { today, limit: 2, cursor: second.nextCursor! });
    t.same([...second.items, ...third.items].map((i) => i.officerId), ['O4', 'O3', 'O5']);
    t.equal(third.nextCursor, null);
    t.throws(() => readRotationSchedule(db, { today, cursor: 'bm90IGEgY3Vyc29y' }), InvalidCursorError);
  });

  t.test('case register: statuses, overdue, filters, reporter only when allowed', async (t) => {
    const all = listCases(db, { today });
    t.same(all.items.map((c) => [c.caseId, c.status, c.overdue]), [
      ['C-closed', 'closed', false], ['C-sanctioned', 'sanctioned', true], ['C-overdue', 'under_verification', true],
    ], 'C-sanctioned is overdue: O4 has no finding yet, though O2 has');
    t.same(all.items[1]!.subjects, [{ officerId: 'O2', unitId: 'U1', name: '王芳' }, { officerId: 'O4', unitId: 'U2', name: '赵丽' }]);
    t.same(listCases(db, { today, overdue: true }).items.map((c) => c.caseId), ['C-sanctioned', 'C-overdue']);
    t.same(listCases(db, { today: '2021-02-03', overdue: true }).items.map((c) => c.caseId), [], 'not overdue on its due date');
    t.same(listCases(db, { today, overdue: false }).items.map((c) => c.caseId), ['C-closed']);
    t.same(listCases(db, { today, status: 'sanctioned' }).items.map((c) => c.caseId), ['C-sanctioned']);
    t.same(listCases(db, { today, category: 'conduct' }).items.map((c) => c.caseId), ['C-closed']);
    t.same(listCases(db, { today, unitId: 'U2' }).items.map((c) => c.caseId), ['C-closed', 'C-sanctioned']);
    t.same(listCases(db, { today, officerId: 'O1' }).items.map((c) => c.caseId), ['C-overdue']);
    const page = listCases(db, { today, limit: 2 });
    t.same(listCases(db, { today, limit: 2, cursor: page.nextCursor! }).items.map((c) => c.caseId), ['C-overdue']);
    t.notOk(JSON.stringify(all).includes('张三'), 'the list never carries the reporter');

    const forInspector = (await readCase(db, rm.store, 'C-overdue', { today, includeReporter: true, upTo: rm.runner.position() }))!;
    t.same(forInspector.reporter, { name: '张三', contact: '13800000000', anonymous: false });
    const forAuditor = (await readCase(db, rm.store, 'C-overdue', { today, includeReporter: false, upTo: rm.runner.position() }))!;
    t.notOk('reporter' in forAuditor);
    t.notOk(JSON.stringify(forAuditor).includes('张三'));
    t.equal(forAuditor.overdue, true);
    t.same(forAuditor.timeline.map((e) => e.type), ['CaseReported', 'VerificationAssigned']);
    t.equal(await readCase(db, rm.store, 'C-missing', { today, includeReporter: true, upTo: rm.runner.position() }), null);
  });

  t.test('officer history, now and as of an earlier instant', async (t) => {
    const now = (await readOfficerHistory(db, rm.store, 'O2'))!;
    t.equal(now.state.name, '王芳');
    t.equal(now.state.unitName, '城区执法中队');
    t.same(now.state.sanctionsInForce.map((s) => s.kind), ['criticism_education']);
    t.same(now.timeline.map((e) => e.type), [
      'OfficerRegistered', 'QualificationGranted', 'OfficerAssigned', 'CaseReported', 'VerificationAssigned', 'FindingRecorded', 'AccountabilityFlagged', 'SanctionImposed', 'SanctionTookEffect',
    ]);
    t.ok(now.timeline.every((e) => e.recordedBy && e.recordedAt && !('recordedMs' in e)));
    const then = (await readOfficerHistory(db, rm.store, 'O2', { asOf: beforeCases, asOfMs: instantMs(beforeCases) }))!;
    t.equal(then.asOf, beforeCases);
    t.same(then.state.sanctionsInForce, []);
    t.equal(then.timeline.length, 3);
    t.equal(await readOfficerHistory(db, rm.store, 'O2', { asOfMs: instantMs('2020-01-01T00:00:00+08:00') }), null, 'not yet registered then');
    t.equal(await readOfficerHistory(db, rm.store, 'nobody'), null);
    await t.rejects(readOfficerHistory(db, { readAt: async () => [], readStream: async () => [] }, 'O2'), TimelineOutOfStepError, 'a log without the events pointed at is an error, not a shorter history');
  });

  /** The codes counted, without those listed at zero. */
  const counted = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

  t.test('statistics over a date range', async (t) => {
    const january = readStatistics(db, { from: '2021-01-01', to: '2021-01-31' });
    t.equal(january.cases.total, 2);
    t.same(counted(january.byCategory), { responsibility: 1, integrity: 1 });
    t.same(january.byUnit, { U1: 2, U2: 1 });
    t.same(counted(january.bySanctionKind), { criticism_education: 1 });
    t.same(january.unitNames, { U1: '城区执法中队', U2: '超限检测站' });
    const all = readStatistics(db, {});
    t.equal(all.cases.total, 3);
    t.same(counted(all.findings.byOutcome), { substantiated: 1, unfounded: 1 });
    t.equal(readStatistics(db, { from: '2021-02-01', basis: 'occurred' }).cases.total, 1);
  });

  t.test('statistics list every code of each list, zero included, in the list\'s order; every unit registered', async (t) => {
    const january = readStatistics(db, { from: '2021-01-01', to: '2021-01-31' });
    const lists: Array<[string, Record<string, number>, readonly string[]]> = [
      ['byCategory', january.byCategory, violationCategories],
      ['cases.byCategory', january.cases.byCategory, violationCategories],
      ['byChannel', january.byChannel, reportChannels],
      ['cases.byChannel', january.cases.byChannel, reportChannels],
      ['bySanctionKind', january.bySanctionKind, sanctionKinds],
      ['sanctions.byKind', january.sanctions.byKind, sanctionKinds],
      ['sanctions.byCapacity', january.sanctions.byCapacity, sanctionCapacities],
      ['findings.byOutcome', january.findings.byOutcome, findingOutcomes],
      ['interventions.byKind', january.interventions.byKind, interventionKinds],
    ];
    for (const [name, counts, codes] of lists) t.same(Object.keys(counts), codes, `${name}: every code, in the list's order`);
    t.same(january.byCategory, { purpose: 0, conduct: 0, competence: 0, responsibility: 1, integrity: 1 });
    t.equal(january.byChannel.letter, 0, 'a channel nothing came by, at zero');
    t.same(january.bySanctionKind, { criticism_education: 1, off_post_training: 0, qualification_revoked: 0, reassignment: 0, dismissal: 0, expulsion: 0, judicial_referral: 0 });
    t.same(january.sanctions.byCapacity, { subject: 1, unit_head: 0, responsible: 0 });
    t.same(january.interventions.byKind, { reminder_talk: 0, written_inquiry: 0 });

    // A period with nothing counted still lists every code, and every unit registered, at zero.
    const quiet = readStatistics(db, { from: '2030-01-01' });
    t.same([quiet.cases.total, quiet.byUnit, quiet.sanctions.byUnit], [0, { U1: 0, U2: 0 }, { U1: 0, U2: 0 }]);
    t.same(quiet.unitNames, { U1: '城区执法中队', U2: '超限检测站' }, 'named, as the units listed');
    t.same(quiet.byCategory, { purpose: 0, conduct: 0, competence: 0, responsibility: 0, integrity: 0 });
    t.same(Object.keys(quiet.byChannel), reportChannels);
    t.ok(Object.values(quiet.byChannel).every((n) => n === 0));
    t.same(january.sanctions.byUnit, { U1: 1, U2: 0 }, 'a unit without sanctions, at zero');
  });

  t.test('statistics by rule cited, every rule listed', async (t) => {
    const january = readStatistics(db, { from: '2021-01-01', to: '2021-01-31' });
    t.equal(january.byRule['lyj-5'], 1, 'C-sanctioned cites lyj-5');
    t.same(Object.keys(january.byRule), ['bbz-1', 'bbz-2', 'bbz-3', 'bbz-4', 'bbz-5', 'bbz-6', 'bbz-7', 'bbz-8', 'lyj-1', 'lyj-2', 'lyj-3', 'lyj-4', 'lyj-5', 'lyj-6', 'bj-1', 'bj-2', 'bj-3', 'bj-4'],
      'every rule of the catalogue, in its order');
    t.equal(Object.values(january.byRule).reduce((sum, n) => sum + n, 0), 1, 'the others at zero');
    t.same(january.cases.byRule, january.byRule);
  });

  t.test('statistics of one unit', async (t) => {
    // U2: C-sanctioned (O4, still awaiting a finding) and C-closed (O5, found unfounded in February); the sanction was O2's, of U1.
    const u2 = readStatistics(db, { unitId: 'U2' });
    t.equal(u2.unitId, 'U2');
    t.same([u2.cases.total, counted(u2.byCategory), counted(u2.byChannel), u2.byUnit], [2, { integrity: 1, conduct: 1 }, { inspection: 1, email: 1 }, { U2: 2 }]);
    t.equal(u2.byRule['lyj-5'], 1);
    t.same([u2.findings.total, u2.findings.byOutcome], [1, { substantiated: 0, partly_substantiated: 0, unfounded: 1 }], 'the finding on its subject, not that on U1\'s');
    t.same([u2.sanctions.total, u2.sanctions.byUnit, counted(u2.bySanctionKind)], [0, { U2: 0 }, {}], 'the sanction counts in the sanctioned subject\'s unit: none in U2, listed at zero');
    t.equal(Object.keys(u2.bySanctionKind).length, sanctionKinds.length, 'every kind still listed');
    t.same(u2.unitNames, { U2: '超限检测站' });
    const u1January = readStatistics(db, { unitId: 'U1', from: '2021-01-01', to: '2021-01-31' });
    t.same([u1January.cases.total, counted(u1January.sanctions.byKind), u1January.sanctions.byUnit, counted(u1January.findings.byOutcome)], [2, { criticism_education: 1 }, { U1: 1 }, { substantiated: 1 }]);
    t.equal(readStatistics(db, { unitId: 'U2', from: '2021-02-01', basis: 'occurred' }).cases.total, 1, 'by the day of the breach too');
    const unknown = readStatistics(db, { unitId: 'NOPE' });
    t.same([unknown.cases.total, unknown.byUnit, unknown.sanctions.total, unknown.findings.total, unknown.interventions.total, unknown.unitNames], [0, {}, 0, 0, 0, {}],
      'a unit the register does not know counts nothing');
    t.equal(Object.keys(unknown.byRule).length, 18, 'every rule still listed, at zero');
    t.same(Object.keys(unknown.byCategory), violationCategories, 'and every category');
  });

  t.test('alerts: accountability and overdue verifications', async (t) => {
    const view = readAlerts(db, { today });
    t.same(view.alerts.map((a) => [a.ruleRef, a.accountableOfficerId, a.accountableName]), [['bj-1', 'O2', '王芳']]);
    t.same(view.overdueVerifications.map((v) => [v.caseId, v.dueOn, v.daysOverdue]), [['C-overdue', '2021-02-03', 26], ['C-sanctioned', '2021-02-04', 25]]);
    t.same(readAlerts(db, { today, unitId: 'U2' }).overdueVerifications.map((v) => v.caseId), ['C-sanctioned'], 'O4 of U2 awaits a finding');
  });
});

t.test('alerts: the unit filter is applied before the limit, to the overdue verifications too', async (t) => {
  const overdue = new EventLog('2021-01-04T09:00:00.000+08:00');
  // Three overdue cases of U1 due first, then one of U2.
  for (const [caseId, unitId, dueOn] of [['C1', 'U1', '2021-02-01'], ['C2', 'U1', '2021-02-02'], ['C3', 'U1', '2021-02-03'], ['C4', 'U2', '2021-02-04']] as const) {
    overdue.add('CaseReported', {
      caseId, subjects: [{ officerId: `O-${caseId}`, unitId }], category: 'conduct', channel: 'email',
      occurredOn: '2021-01-02', summary: '反映问题', ruleRefs: [], reporter: null, reportedOn: '2021-01-04',
    });
    overdue.add('VerificationAssigned', { caseId, inspectorId: 'I1', assignedOn: '2021-01-04', dueOn });
  }
  const rm = await buildReadModels(t.testdir(), overdue.recorded);
  t.teardown(() => rm.close());
  const ids = (query: Parameters<typeof readAlerts>[1]) => readAlerts(rm.reader, query).overdueVerifications.map((v) => v.caseId);
  t.same(ids({ today }), ['C1', 'C2', 'C3', 'C4']);
  t.same(ids({ today, unitId: 'U2', limit: 2 }), ['C4'], 'the unit\'s case, though two of the others come first');
  t.same(ids({ today, unitId: 'U1', limit: 2 }), ['C1', 'C2']);
  t.equal(readAlerts(rm.reader, { today, unitId: 'U1', limit: 2 }).overdueTotal, 3, 'the total says two of three are shown');
});

t.test('alerts: pages of alerts with their total, newest first, to the last', async (t) => {
  // Given seven officers of U1 flagged on seven days: 14 bj-1/bj-2 alerts and a bj-3 episode
  const flagged = new EventLog('2021-01-04T09:00:00.000+08:00');
  for (let i = 1; i <= 7; i++) {
    for (const level of ['officer', 'unit_head'] as const) {
      flagged.add('AccountabilityFlagged', {
        caseId: `C${i}`, officerId: `O${i}`, unitId: 'U1', level, headOfficerId: level === 'unit_head' ? 'H1' : null,
        ruleRef: level === 'officer' ? 'bj-1' : 'bj-2', flaggedOn: `2021-03-1${i}`,
      });
    }
  }
  const rm = await buildReadModels(t.testdir(), flagged.recorded);
  t.teardown(() => rm.close());
  const all = readAlerts(rm.reader, { today, limit: 100 });
  t.equal(all.alertsTotal, 15);
  t.equal(all.alerts.length, 15);
  t.equal(all.nextCursor, null);
  // When read four at a time
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = readAlerts(rm.reader, { today, limit: 4, ...(cursor ? { cursor } : {}) });
    t.equal(page.alertsTotal, 15, 'every page gives the total');
    seen.push(...page.alerts.map((a) => a.alertId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  // Then every alert comes once, in the same order as on one page
  t.same(seen, all.alerts.map((a) => a.alertId));
  t.equal(readAlerts(rm.reader, { today, ruleRef: 'bj-3' }).alertsTotal, 1, 'the total follows the filters');
  t.throws(() => readAlerts(rm.reader, { today, cursor: 'not-a-cursor' }), InvalidCursorError);
});

t.test('case register queries: partial findings, appeals after closure, sanctions annulled', async (t) => {
  // Given: C-partial, a finding for O1 only, due 2021-02-01; C-appealed, sanctioned, closed, then
  // reviewed (undecided); C-annulled, its only sanction annulled on review.
  const events = new EventLog('2021-01-04T09:00:00.000+08:00');
  const report = (caseId: string, officerIds: string[]) => {
    events.add('CaseReported', {
      caseId, subjects: officerIds.map((officerId) => ({ officerId, unitId: 'U1' })), category: 'conduct', channel: 'email',
      occurredOn: '2021-01-02', summary: '反映问题', ruleRefs: [], reporter: null, reportedOn: '2021-01-04',
    });
    events.add('VerificationAssigned', { caseId, inspectorId: 'I1', assignedOn: '2021-01-04', dueOn: '2021-02-01' });
    events.add('FindingRecorded', {
      caseId, officerIds: officerIds.slice(0, 1), outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-01-20', late: false,
    });
  };
  const impose = (caseId: string, sanctionId: string) => events.add('SanctionImposed', {
    caseId, sanctionId, officerId: 'O1', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-01-21', basis: 'x', untilOn: null, toPostId: null,
  });
  report('C-partial', ['O1', 'O2']);
  report('C-appealed', ['O1']);
  impose('C-appealed', 'S1');
  events.add('CaseClosed', { caseId: 'C-appealed', summary: '结案', closedOn: '2021-01-25' });
  events.add('AppealFiled', { caseId: 'C-appealed', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-02-10' });
  report('C-annulled', ['O1']);
  impose('C-annulled', 'S2');
  events.add('AppealFiled', { caseId: 'C-annulled', appealId: 'A2', sanctionId: 'S2', stage: 'review', filedOn: '2021-02-10' });
  events.add('AppealDecided', { caseId: 'C-annulled', appealId: 'A2', sanctionId: 'S2', outcome: 'annulled', decidedOn: '2021-02-20', replacementKind: null, toPostId: null, untilOn: null });
  const rm = await buildReadModels(t.testdir(), events.recorded);
  t.teardown(() => rm.close());
  const ids = (query: Omit<Parameters<typeof listCases>[1], 'today'>) => listCases(rm.reader, { today, ...query }).items.map((c) => c.caseId).sort();
  // Then: overdue in SQL as in isOverdue, the closed case under appeal (and not overdue), the annulled one found
  t.same(ids({ overdue: true }), ['C-partial'], 'O2 awaits a finding past the due date');
  t.same(ids({ overdue: false }), ['C-annulled', 'C-appealed']);
  t.same(readAlerts(rm.reader, { today }).overdueVerifications.map((v) => v.caseId), ['C-partial']);
  t.same(ids({ status: 'under_appeal' }), ['C-appealed'], 'a closed case with an undecided review');
  t.same(ids({ status: 'closed' }), []);
  t.same(ids({ status: 'found' }), ['C-annulled', 'C-partial'], 'its only sanction annulled');
  t.same(ids({ status: 'sanctioned' }), []);
  const counts = Object.fromEntries(listCases(rm.reader, { today }).items.map((c) => [c.caseId, c.sanctionCount]));
  t.same(counts, { 'C-partial': 0, 'C-appealed': 1, 'C-annulled': 0 }, 'sanctions in force (处理人次)');
});
