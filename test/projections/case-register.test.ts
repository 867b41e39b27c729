import t, { type Test } from 'tap';
import {
  caseRegisterProjection, caseTimeline, foldCase, isOverdue, type CaseRecord, type CaseRow,
} from '../../projections/case-register.js';
import { foldInMemory } from '../../projections/projection.js';
import { EventLog, reporter } from '../fixtures/projection-events.js';

function report(log: EventLog, caseId = 'C1') {
  return log.add('CaseReported', {
    caseId, subjects: [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U2' }], category: 'purpose', channel: 'forum',
    occurredOn: '2021-04-20', summary: '座谈会反映执法态度粗暴', ruleRefs: ['bbz-3'], reporter, reportedOn: '2021-05-06',
  });
}

/** The whole case: the fold of its stream. */
function record(log: EventLog, caseId = 'C1'): CaseRecord {
  return foldCase(log.projected.filter((event) => event.streamName === `case-${caseId}`))!;
}

/** The case's row in the read model. */
function row(log: EventLog, caseId = 'C1'): CaseRow {
  return foldInMemory(caseRegisterProjection, log.projected).cases!.get(caseId) as CaseRow;
}

/** The row says what the whole case says, for everything a list shows. */
function rowAgrees(t: Test, log: EventLog, caseId = 'C1'): void {
  const whole = record(log, caseId);
  t.same(row(log, caseId), {
    caseId: whole.caseId, status: whole.status, category: whole.category, channel: whole.channel, occurredOn: whole.occurredOn,
    reportedOn: whole.reportedOn, summary: whole.summary, subjects: whole.subjects, inspectorId: whole.inspectorId, dueOn: whole.dueOn,
    late: whole.late, findingOutcomes: whole.findings.map((f) => f.outcome), sanctionCount: whole.sanctions.length,
    pendingAppeals: whole.appeals.filter((a) => a.outcome === null).map((a) => a.appealId), closedOn: whole.closure?.closedOn ?? null,
  }, `the row agrees with the whole case (${whole.status})`);
}

t.test('a case moves through every status', async (t) => {
  const log = new EventLog();
  report(log);
  t.equal(record(log).status, 'reported');
  rowAgrees(t, log);
  t.same(record(log).subjects, [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U2' }]);
  t.same(record(log).reporter, { name: '张三', contact: '13800000000', anonymous: false }, 'the reporter is kept without its salt');
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  t.equal(record(log).status, 'under_verification');
  rowAgrees(t, log);
  t.equal(record(log).inspectorId, 'I1');
  t.equal(record(log).dueOn, '2021-06-05');
  log.add('EvidenceAttached', { caseId: 'C1', evidenceId: 'E1', description: '执法记录仪视频', reference: 'DV-0001', sha256: null });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-06-08', late: true });
  t.equal(record(log).status, 'found');
  rowAgrees(t, log);
  t.equal(record(log).late, true, 'a finding after the due date marks the case late');
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'off_post_training', capacity: 'subject', effectiveOn: '2021-06-09', basis: '八不准第三条', untilOn: '2021-07-09', toPostId: null });
  t.equal(record(log).status, 'sanctioned');
  rowAgrees(t, log);
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-06-15' });
  t.equal(record(log).status, 'under_appeal');
  rowAgrees(t, log);
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-30', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  const decided = record(log);
  rowAgrees(t, log);
  t.equal(decided.status, 'sanctioned');
  t.same([decided.sanctions[0]!.kind, decided.sanctions[0]!.imposedKind, decided.sanctions[0]!.status], ['criticism_education', 'off_post_training', 'reduced']);
  t.equal(decided.appeals[0]!.outcome, 'reduced');
  log.add('CaseClosed', { caseId: 'C1', summary: '整改到位，结案', closedOn: '2021-07-01' });
  const closed = record(log);
  rowAgrees(t, log);
  t.notOk(JSON.stringify(row(log)).includes('张三'), 'the row never carries the reporter');
  t.equal(closed.status, 'closed');
  t.same(caseTimeline(closed).map((e) => e.type), [
    'CaseReported', 'VerificationAssigned', 'EvidenceAttached', 'FindingRecorded', 'SanctionImposed', 'AppealFiled', 'AppealDecided', 'CaseClosed',
  ]);
  t.ok(caseTimeline(closed).every((e) => e.recordedBy === 'inspector-wang' && e.recordedAt), 'every step says who recorded it and when');
  t.notOk(JSON.stringify(caseTimeline(closed)).includes('张三'), 'the timeline never carries the reporter');
});

t.test('overdue: due date passed, no finding, still open', async (t) => {
  const log = new EventLog();
  report(log);
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  const c = record(log);
  t.equal(isOverdue(c, '2021-06-05'), false, 'not on the due date itself');
  t.equal(isOverdue(c, '2021-06-06'), true);
  t.equal(isOverdue(row(log), '2021-06-06'), true, 'the row says the same');
  t.equal(isOverdue({ ...c, closure: { summary: 'x', closedOn: '2021-06-01', position: '9', recordedAt: '', recordedBy: '' } }, '2021-06-06'), false);
});

t.test('a correction changes the case and is kept', async (t) => {
  const log = new EventLog();
  const reported = report(log);
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '类别登记错误', changes: { category: 'conduct', channel: 'visit' } });
  const c = record(log);
  t.equal(c.category, 'conduct');
  t.equal(c.channel, 'visit');
  t.equal(c.corrections.length, 1);
  t.equal(c.summary, '座谈会反映执法态度粗暴');
  rowAgrees(t, log);
});

t.test('the subjects table indexes cases by officer and unit', async (t) => {
  const log = new EventLog();
  report(log, 'C1');
  report(log, 'C2');
  const subjects = foldInMemory(caseRegisterProjection, log.projected).subjects!;
  t.same([...subjects.keys()].sort(), ['C1|O1', 'C1|O2', 'C2|O1', 'C2|O2']);
  t.same(subjects.get('C2|O2'), { caseId: 'C2', officerId: 'O2', unitId: 'U2' });
});
