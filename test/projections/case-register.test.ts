import t, { type Test } from 'tap';
import {
  caseRegisterProjection, caseTimeline, foldCase, isOverdue, type CaseRecord, type CaseRow,
} from '../../projections/case-register.js';
import { foldInMemory, type EntityTableSpec } from '../../projections/projection.js';
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
    reportedOn: whole.reportedOn, enteredAt: whole.reported.recordedAt, summary: whole.summary, subjects: whole.subjects, awaitingFinding: whole.awaitingFinding,
    inspectorId: whole.inspectorId, dueOn: whole.dueOn, late: whole.late, findingOutcomes: whole.findings.map((f) => f.outcome),
    sanctionsInForce: whole.sanctions.filter((s) => s.status !== 'annulled').map((s) => s.sanctionId),
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

/** The row's `awaiting_finding` column, which the overdue queries filter on. */
function awaitingColumn(r: CaseRow) {
  return (caseRegisterProjection.tables.cases as EntityTableSpec<CaseRow>).columns!.awaiting_finding!.value(r);
}

t.test('overdue while any subject still awaits a finding: a finding for one subject does not settle the others', async (t) => {
  // Given a case against O1 and O2 due on 2021-06-05, and a finding for O1 only
  const log = new EventLog();
  report(log);
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-06-01', late: false });
  // When the due date has passed, then the case is overdue (O2 has no finding), in the row and the whole case
  t.same(record(log).awaitingFinding, ['O2']);
  t.equal(isOverdue(record(log), '2021-06-06'), true, 'O2 still awaits a finding after the due date');
  t.equal(isOverdue(row(log), '2021-06-06'), true, 'the row says the same');
  t.equal(awaitingColumn(row(log)), 1, 'the column the queries filter on');
  rowAgrees(t, log);
  // When O2's finding is recorded too (late), then it is no longer overdue
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O2'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-06-08', late: true });
  t.same(record(log).awaitingFinding, []);
  t.equal(isOverdue(record(log), '2021-06-09'), false);
  t.equal(isOverdue(row(log), '2021-06-09'), false);
  t.equal(awaitingColumn(row(log)), 0);
  rowAgrees(t, log);
});

t.test('a case handed over after its due date stays late: the new due date does not hide the missed one', async (t) => {
  // Given a case against O1 and O2 due on 2021-06-05, with a finding for O1 in time
  const log = new EventLog();
  report(log);
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-06-01', late: false });
  // When it is handed over on the due date itself, then it is not late
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I2', assignedOn: '2021-06-05', dueOn: '2021-06-20' });
  t.equal(record(log).late, false, 'handed over in time');
  rowAgrees(t, log);
  // When it is handed over again after that due date (O2 still awaiting), then it is late, though no longer overdue
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I3', assignedOn: '2021-06-21', dueOn: '2021-07-21' });
  t.equal(record(log).late, true, 'the missed due date stays on the case');
  t.equal(row(log).late, true, 'and on its row in the register');
  t.equal(isOverdue(row(log), '2021-06-22'), false, 'overdue only against the new due date');
  rowAgrees(t, log);

  // Given another case whose every subject was found in time, a new due date after the old one is not late
  const settled = new EventLog();
  report(settled);
  settled.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  settled.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1', 'O2'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-06-01', late: false });
  settled.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I2', assignedOn: '2021-06-10', dueOn: '2021-07-10' });
  t.equal(record(settled).late, false, 'nobody was awaiting a finding');
  rowAgrees(t, settled);
});

/** A case found against O1 with one sanction S1, closed or not. */
function sanctionedCase(log: EventLog, kind: 'criticism_education' | 'off_post_training' = 'off_post_training') {
  report(log);
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1', 'O2'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-06-01', late: false });
  log.add('SanctionImposed', {
    caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind, capacity: 'subject', effectiveOn: '2021-06-02', basis: '八不准第三条',
    untilOn: kind === 'off_post_training' ? '2021-07-02' : null, toPostId: null,
  });
}

t.test('a closed case with an undecided review is under appeal, and closed again once it is decided', async (t) => {
  // Given a sanctioned case that was closed
  const log = new EventLog();
  sanctionedCase(log);
  log.add('CaseClosed', { caseId: 'C1', summary: '结案', closedOn: '2021-06-03' });
  t.equal(record(log).status, 'closed');
  // When the officer files a review after the closure (the domain allows it)
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-06-10' });
  // Then the case shows under_appeal, in the row too, and is not overdue for it
  t.equal(record(log).status, 'under_appeal');
  rowAgrees(t, log);
  t.equal(isOverdue(row(log), '2021-07-01'), false, 'still closed for the overdue check');
  // When the review is decided, then the case is closed again
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'upheld', decidedOn: '2021-06-20', replacementKind: null, toPostId: null, untilOn: null });
  t.equal(record(log).status, 'closed');
  rowAgrees(t, log);
});

t.test('a case whose only sanction was annulled is found, not sanctioned, and counts only sanctions in force', async (t) => {
  // Given a case with two sanctions
  const log = new EventLog();
  sanctionedCase(log);
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S2', officerId: 'O2', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-06-02', basis: 'x', untilOn: null, toPostId: null });
  t.same(row(log).sanctionsInForce, ['S1', 'S2']);
  // When S1 is reduced and S2 annulled on review
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-06-10' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A2', sanctionId: 'S2', stage: 'review', filedOn: '2021-06-10' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A2', sanctionId: 'S2', outcome: 'annulled', decidedOn: '2021-06-21', replacementKind: null, toPostId: null, untilOn: null });
  // Then one sanction is in force (the reduced one, as its replacement kind): still sanctioned
  t.equal(record(log).status, 'sanctioned');
  t.same(row(log).sanctionsInForce, ['S1'], 'the annulled one no longer counts; the reduced one does');
  rowAgrees(t, log);
  // When S1 is annulled on appeal as well
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A3', sanctionId: 'S1', stage: 'appeal', filedOn: '2021-06-25' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A3', sanctionId: 'S1', outcome: 'annulled', decidedOn: '2021-07-01', replacementKind: null, toPostId: null, untilOn: null });
  // Then no sanction is in force: the case falls back to found
  t.equal(record(log).status, 'found');
  t.same(row(log).sanctionsInForce, []);
  rowAgrees(t, log);
  // And a later decision on an annulled sanction does not bring it back
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A9', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-07-02', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  t.equal(record(log).sanctions[0]!.status, 'annulled');
  t.equal(record(log).status, 'found');
  rowAgrees(t, log);
});

t.test('a reduced or annulled sanction says when the decision took effect (revisedOn)', async (t) => {
  // Given a sanction imposed on 2021-06-02
  const log = new EventLog();
  sanctionedCase(log);
  t.equal(record(log).sanctions[0]!.revisedOn, null, 'as imposed');
  // When a review reduces it on 2021-06-20
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-06-10' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  // Then the replacement is in force from the decision day (the officer's history says the same), the first day is kept
  const s = record(log).sanctions[0]!;
  t.same([s.kind, s.imposedKind, s.status, s.effectiveOn, s.revisedOn], ['criticism_education', 'off_post_training', 'reduced', '2021-06-02', '2021-06-20']);
  // And the story's imposition still tells the sanction as imposed: its kind and the training's end
  const imposed = caseTimeline(record(log)).find((e) => e.type === 'SanctionImposed')!;
  t.match(imposed.data, { sanctionId: 'S1', kind: 'off_post_training', untilOn: '2021-07-02', effectiveOn: '2021-06-02' }, 'the imposition as imposed');
  t.notOk('status' in imposed.data || 'revisedOn' in imposed.data, 'the decision is its own step, not the imposition\'s');
  // When an appeal upholds the review, then nothing changes; when a later one annuls it, revisedOn is that day
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A2', sanctionId: 'S1', stage: 'appeal', filedOn: '2021-06-25' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A2', sanctionId: 'S1', outcome: 'upheld', decidedOn: '2021-06-30', replacementKind: null, toPostId: null, untilOn: null });
  t.equal(record(log).sanctions[0]!.revisedOn, '2021-06-20');
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A3', sanctionId: 'S1', outcome: 'annulled', decidedOn: '2021-07-05', replacementKind: null, toPostId: null, untilOn: null });
  t.same([record(log).sanctions[0]!.status, record(log).sanctions[0]!.revisedOn], ['annulled', '2021-07-05']);
});

t.test('a correction keeps what it replaced: the report stays readable as it was made', async (t) => {
  // Given a case reported as purpose / forum / 2021-04-20
  const log = new EventLog();
  const reported = report(log);
  // When two corrections change the category twice and the channel and rule references once
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '类别登记错误', changes: { category: 'conduct', channel: 'visit' } });
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '再次核对', changes: { category: 'integrity', ruleRefs: ['lyj-1'] } });
  const c = record(log);
  // Then the case shows the corrected values
  t.same([c.category, c.channel, c.occurredOn, c.ruleRefs], ['integrity', 'visit', '2021-04-20', ['lyj-1']]);
  // And each correction keeps the values it replaced
  t.same(c.corrections.map((k) => k.previous), [{ category: 'purpose', channel: 'forum' }, { category: 'conduct', ruleRefs: ['bbz-3'] }]);
  // And the timeline's report shows it as reported, followed by the corrections
  const timeline = caseTimeline(c);
  t.same(timeline[0]!.data, {
    category: 'purpose', channel: 'forum', occurredOn: '2021-04-20', summary: '座谈会反映执法态度粗暴', ruleRefs: ['bbz-3'],
    subjects: [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U2' }],
  });
  t.same(timeline.slice(1).map((e) => [e.type, e.data.changes, e.data.previous]), [
    ['CaseRecordCorrected', { category: 'conduct', channel: 'visit' }, { category: 'purpose', channel: 'forum' }],
    ['CaseRecordCorrected', { category: 'integrity', ruleRefs: ['lyj-1'] }, { category: 'conduct', ruleRefs: ['bbz-3'] }],
  ]);
  rowAgrees(t, log);
});

t.test('a subject recorded in the wrong unit: the case, its row and the subjects table follow the correction, and the report stays readable as made', async (t) => {
  // Given a case against O1 (U1) and O2 (U2)
  const log = new EventLog();
  const reported = report(log);
  // When O2 is corrected to U3, then O2 again to U4 and O1 to U3
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '单位登记错误', changes: { subjectUnits: [{ officerId: 'O2', unitId: 'U3' }] } });
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '再次核对', changes: { subjectUnits: [{ officerId: 'O2', unitId: 'U4' }, { officerId: 'O1', unitId: 'U3' }] } });
  const c = record(log);
  // Then the case holds both in their corrected units, in the order reported
  t.same(c.subjects, [{ officerId: 'O1', unitId: 'U3' }, { officerId: 'O2', unitId: 'U4' }]);
  const state = foldInMemory(caseRegisterProjection, log.projected);
  t.same((state.cases!.get('C1') as CaseRow).subjects, c.subjects, 'the row too');
  t.same([state.subjects!.get('C1|O1'), state.subjects!.get('C1|O2')], [
    { caseId: 'C1', officerId: 'O1', unitId: 'U3' }, { caseId: 'C1', officerId: 'O2', unitId: 'U4' },
  ], 'the subjects table, which lists a unit\'s cases, too');
  // And each correction keeps the units of the subjects it named
  t.same(c.corrections.map((k) => k.previous), [
    { subjectUnits: [{ officerId: 'O2', unitId: 'U2' }] },
    { subjectUnits: [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U3' }] },
  ]);
  // And the timeline's report shows the subjects in the units reported
  t.same(caseTimeline(c)[0]!.data.subjects, [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U2' }]);
  rowAgrees(t, log);
});
