import t from 'tap';
import { foldInMemory, put, remove, type Change, type Projection, type ProjectionView } from '../../projections/projection.js';
import { statisticsProjection, sumCounts, type DayCounts, type StatisticsTables, type UnitDayCounts } from '../../projections/statistics.js';
import { generatedHistory } from '../fixtures/generated-history.js';
import { foldsAlike, seededBureauEvents } from '../fixtures/reducer-equivalence.js';
import { EventLog } from '../fixtures/projection-events.js';

function totals(log: EventLog, series: string, from: string, to: string) {
  const days = [...(foldInMemory(statisticsProjection, log.projected).days!.values() as Iterable<DayCounts>)];
  return sumCounts(days.filter((d) => d.series === series && d.day >= from && d.day <= to).map((d) => d.counts));
}

/** One unit's counts of a series over a date range: what the unit filter reads. */
function unitTotals(log: EventLog, unitId: string, series: string, from: string, to: string) {
  const days = [...(foldInMemory(statisticsProjection, log.projected).unitDays!.values() as Iterable<UnitDayCounts>)];
  return sumCounts(days.filter((d) => d.unitId === unitId && d.series === series && d.day >= from && d.day <= to).map((d) => d.counts));
}

function cases() {
  const log = new EventLog();
  const reported = log.add('CaseReported', {
    caseId: 'C1', subjects: [{ officerId: 'O1', unitId: 'U1' }, { officerId: 'O2', unitId: 'U1' }], category: 'integrity', channel: 'hotline_12328',
    occurredOn: '2021-04-28', summary: '收受财物', ruleRefs: [], reporter: null, reportedOn: '2021-05-06',
  });
  log.add('CaseReported', {
    caseId: 'C2', subjects: [{ officerId: 'O3', unitId: 'U2' }], category: 'conduct', channel: 'email',
    occurredOn: '2021-05-02', summary: '工作日饮酒', ruleRefs: ['bbz-1'], reporter: null, reportedOn: '2021-05-08',
  });
  log.add('CaseReported', {
    caseId: 'C3', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'integrity', channel: 'inspection',
    occurredOn: '2021-05-09', summary: '选择性执法', ruleRefs: [], reporter: null, reportedOn: '2021-05-19',
  });
  return { log, reported };
}

t.test('cases count by category, channel and unit over a date range, by report date', async (t) => {
  const { log } = cases();
  const may = totals(log, 'reported', '2021-05-01', '2021-05-31');
  t.equal(may.total, 3);
  t.same(may.by.category, { integrity: 2, conduct: 1 });
  t.same(may.by.channel, { hotline_12328: 1, email: 1, inspection: 1 });
  t.same(may.by.unit, { U1: 2, U2: 1 }, 'a case counts once per unit, however many subjects it has there');
  const briefing = totals(log, 'reported', '2021-05-01', '2021-05-08');
  t.equal(briefing.total, 2, 'the briefing of the 8th covers the cases reported up to the 8th');
  const byOccurrence = totals(log, 'occurred', '2021-04-01', '2021-04-30');
  t.equal(byOccurrence.total, 1, 'by occurrence date, only one happened in April');
});

t.test('a correction moves the counts', async (t) => {
  const { log, reported } = cases();
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '类别有误', changes: { category: 'purpose', occurredOn: '2021-05-01' } });
  const may = totals(log, 'reported', '2021-05-01', '2021-05-31');
  t.same(may.by.category, { integrity: 1, conduct: 1, purpose: 1 });
  t.equal(totals(log, 'occurred', '2021-04-01', '2021-04-30').total, 0);
});

t.test('a correction of a subject\'s unit moves the case\'s counts by unit', async (t) => {
  const { log, reported } = cases();
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'O2', unitId: 'U2' }] } });
  t.same(totals(log, 'reported', '2021-05-01', '2021-05-31').by.unit, { U1: 2, U2: 2 }, 'C1 counts in U1 (O1) and now U2 (O2)');
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'O1', unitId: 'U2' }] } });
  const may = totals(log, 'reported', '2021-05-01', '2021-05-31');
  t.same(may.by.unit, { U1: 1, U2: 2 }, 'with both subjects in U2, C1 counts there once and no longer in U1');
  t.equal(may.total, 3, 'the case is still counted once');
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  t.same(totals(log, 'sanctions', '2021-06-01', '2021-06-30').by.unit, { U2: 1 }, 'a sanction counts in the corrected unit');
});

t.test('sanctions count by kind in force, dated by the day that kind took effect', async (t) => {
  const { log } = cases();
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S2', officerId: 'O2', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  log.add('SanctionImposed', { caseId: 'C3', sanctionId: 'S3', officerId: 'O1', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-06-02', basis: 'x', untilOn: null, toPostId: null });
  let june = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.same(june.by.kind, { dismissal: 1, criticism_education: 2 });
  t.same(june.by.unit, { U1: 3 });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'off_post_training', toPostId: null, untilOn: '2021-07-20' });
  log.add('AppealDecided', { caseId: 'C3', appealId: 'A2', sanctionId: 'S3', outcome: 'annulled', decidedOn: '2021-06-21', replacementKind: null, toPostId: null, untilOn: null });
  june = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.same(june.by.kind, { off_post_training: 1, criticism_education: 1 }, 'reduced counts as its new kind; annulled no longer counts');
  t.equal(june.total, 2);
  t.same(totals(log, 'sanctions', '2021-06-01', '2021-06-19').by.kind, { criticism_education: 1 }, 'the reduced one no longer counts on its first day');
  t.same(totals(log, 'sanctions', '2021-06-20', '2021-06-20').by.kind, { off_post_training: 1 }, 'its replacement counts on the decision day');
  const days = foldInMemory(statisticsProjection, log.projected).days!;
  t.notOk([...days.values()].some((d) => (d as DayCounts).counts.some(([, n]) => n === 0)), 'no count is left at zero');
});

t.test('sanctions of unit heads and others responsible count in the unit of the breach', async (t) => {
  const { log } = cases();
  log.add('CaseReported', {
    caseId: 'C4', subjects: [{ officerId: 'O4', unitId: 'U3' }, { officerId: 'O5', unitId: 'U4' }], category: 'integrity', channel: 'email',
    occurredOn: '2021-05-02', summary: '两个中队联合执法中收受财物', ruleRefs: [], reporter: null, reportedOn: '2021-05-08',
  });
  // H1 heads U1 and is held accountable for C1; H4 for U4's part of C4.
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-05-20' });
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'unit_head', headOfficerId: 'H1', ruleRef: 'bj-2', flaggedOn: '2021-05-20' });
  log.add('AccountabilityFlagged', { caseId: 'C4', officerId: 'O5', unitId: 'U4', level: 'unit_head', headOfficerId: 'H4', ruleRef: 'bj-2', flaggedOn: '2021-05-20' });
  const impose = (caseId: string, sanctionId: string, officerId: string, capacity: 'subject' | 'unit_head' | 'responsible') =>
    log.add('SanctionImposed', { caseId, sanctionId, officerId, kind: 'criticism_education', capacity, effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  impose('C1', 'S1', 'O1', 'subject');
  impose('C1', 'S2', 'H1', 'unit_head');
  impose('C2', 'S3', 'R1', 'responsible');
  impose('C4', 'S4', 'H4', 'unit_head');
  impose('C4', 'S5', 'R2', 'responsible');
  const june = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.equal(june.total, 5);
  t.same(june.by.capacity, { subject: 1, unit_head: 2, responsible: 2 });
  t.same(june.by.unit, { U1: 2, U2: 1, U4: 1 }, 'the head in the unit they answer for; another responsible in the case\'s one unit; none when the case spans units');
});

t.test('a correction of a subject\'s unit moves the sanctions counted in the case\'s unit', async (t) => {
  // Given a case of two units (O4 in U3, O5 in U4), whose sanction of someone else responsible counts in no unit
  const { log } = cases();
  const c4 = log.add('CaseReported', {
    caseId: 'C4', subjects: [{ officerId: 'O4', unitId: 'U3' }, { officerId: 'O5', unitId: 'U4' }], category: 'integrity', channel: 'email',
    occurredOn: '2021-05-02', summary: '两个中队联合执法中收受财物', ruleRefs: [], reporter: null, reportedOn: '2021-05-08',
  });
  log.add('SanctionImposed', { caseId: 'C4', sanctionId: 'S5', officerId: 'R2', kind: 'criticism_education', capacity: 'responsible', effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  t.same(totals(log, 'sanctions', '2021-06-01', '2021-06-30').by.unit, undefined, 'the case spans two units: the sanction counts in none');
  // When O5 (no finding yet) is corrected into U3: the case is of one unit, U3
  log.add('CaseRecordCorrected', { caseId: 'C4', correctsEventId: c4.id, reason: '借调', changes: { subjectUnits: [{ officerId: 'O5', unitId: 'U3' }] } });
  t.same(totals(log, 'reported', '2021-05-08', '2021-05-08').by.unit, { U2: 1, U3: 1 }, 'the case counts in U3 alone');
  t.same(totals(log, 'sanctions', '2021-06-01', '2021-06-30').by.unit, { U3: 1 }, 'and so does the sanction of the officer responsible');
  // And when O4 is corrected into U1: two units again, the sanction counts in none
  log.add('CaseRecordCorrected', { caseId: 'C4', correctsEventId: c4.id, reason: '借调', changes: { subjectUnits: [{ officerId: 'O4', unitId: 'U1' }] } });
  const june = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.same([june.total, june.by.unit], [1, undefined]);
});

t.test('a sanction reduced on appeal counts as its replacement from the decision day, as the officer\'s history has it', async (t) => {
  // Given a qualification revoked from 2021-05-28
  const { log } = cases();
  log.add('SanctionImposed', { caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'qualification_revoked', capacity: 'subject', effectiveOn: '2021-05-28', basis: 'x', untilOn: null, toPostId: null });
  t.same(totals(log, 'sanctions', '2021-05-01', '2021-05-31').by.kind, { qualification_revoked: 1 });
  // When a review reduces it to criticism and education on 2021-06-20
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  // Then May's briefing shows no sanction in force from May (no criticism took effect then), June's shows the criticism
  t.equal(totals(log, 'sanctions', '2021-05-01', '2021-05-31').total, 0);
  const june = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.same([june.total, june.by.kind, june.by.unit], [1, { criticism_education: 1 }, { U1: 1 }]);
  t.equal(totals(log, 'sanctions', '2021-01-01', '2021-12-31').total, 1, 'the sanction counts once over the year');
});

t.test('findings and interventions', async (t) => {
  const { log } = cases();
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false });
  log.add('InterventionHeld', { caseId: 'C2', officerId: 'O3', kind: 'reminder_talk', heldOn: '2021-05-21' });
  t.same(totals(log, 'findings', '2021-05-01', '2021-05-31').by.outcome, { unfounded: 1 });
  t.same(totals(log, 'interventions', '2021-05-01', '2021-05-31').by.kind, { reminder_talk: 1 });
});

t.test('cases count once in each rule they cite, on the day of either basis', async (t) => {
  // Given C2 citing bbz-1, and C5 citing bbz-1 and lyj-5 (named twice by a writer of old), reported in May, breached in April
  const { log } = cases();
  log.add('CaseReported', {
    caseId: 'C5', subjects: [{ officerId: 'O3', unitId: 'U2' }], category: 'integrity', channel: 'letter',
    occurredOn: '2021-04-20', summary: '违规收费，饮酒执法', ruleRefs: ['bbz-1', 'lyj-5', 'lyj-5'], reporter: null, reportedOn: '2021-05-10',
  });
  // Then May counts two cases under bbz-1 and one under lyj-5, and cases citing none count under no rule
  const may = totals(log, 'reported', '2021-05-01', '2021-05-31');
  t.same(may.by.rule, { 'bbz-1': 2, 'lyj-5': 1 }, 'a rule named twice in one report counts the case once');
  t.equal(may.total, 4, 'cases citing no rule still count');
  // And by the day of the breach, April has C5 alone
  t.same(totals(log, 'occurred', '2021-04-01', '2021-04-30').by.rule, { 'lyj-5': 1, 'bbz-1': 1 });
  t.same(totals(log, 'occurred', '2021-05-01', '2021-05-31').by.rule, { 'bbz-1': 1 });
});

t.test('a correction of the rules a report cites moves the counts by rule', async (t) => {
  // Given C1 citing no rule and C2 citing bbz-1
  const { log, reported } = cases();
  const c2 = log.recorded.find((e) => e.type === 'CaseReported' && (e.data as { caseId: string }).caseId === 'C2')!;
  // When C1 is corrected to cite lyj-4 and lyj-5, and C2 to cite bbz-2 instead of bbz-1
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '规定引用有误', changes: { ruleRefs: ['lyj-4', 'lyj-5'] } });
  log.add('CaseRecordCorrected', { caseId: 'C2', correctsEventId: c2.id, reason: '规定引用有误', changes: { ruleRefs: ['bbz-2'] } });
  // Then the counts follow, on both bases, for the bureau and for each case's unit
  t.same(totals(log, 'reported', '2021-05-01', '2021-05-31').by.rule, { 'lyj-4': 1, 'lyj-5': 1, 'bbz-2': 1 }, 'bbz-1 is no longer counted');
  t.same(totals(log, 'occurred', '2021-04-01', '2021-04-30').by.rule, { 'lyj-4': 1, 'lyj-5': 1 });
  t.same(unitTotals(log, 'U1', 'reported', '2021-05-01', '2021-05-31').by.rule, { 'lyj-4': 1, 'lyj-5': 1 });
  t.same(unitTotals(log, 'U2', 'reported', '2021-05-01', '2021-05-31').by.rule, { 'bbz-2': 1 });
  // And a correction to cite none takes the case out of every rule, not out of the count
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '不涉及', changes: { ruleRefs: [] } });
  const may = totals(log, 'reported', '2021-05-01', '2021-05-31');
  t.same([may.total, may.by.rule], [3, { 'bbz-2': 1 }]);
  // A correction of something else keeps the rules
  log.add('CaseRecordCorrected', { caseId: 'C2', correctsEventId: c2.id, reason: '类别有误', changes: { category: 'purpose' } });
  t.same(totals(log, 'reported', '2021-05-01', '2021-05-31').by.rule, { 'bbz-2': 1 });
});

t.test('one unit\'s counts: its cases, the sanctions counted in it, the findings on its subjects, the interventions held with them', async (t) => {
  // Given C1 (O1, O2 of U1), C2 (O3 of U2), C3 (O1 of U1), and C4 of two units (O4 of U3, O5 of U4) citing lyj-4
  const { log } = cases();
  log.add('CaseReported', {
    caseId: 'C4', subjects: [{ officerId: 'O4', unitId: 'U3' }, { officerId: 'O5', unitId: 'U4' }], category: 'integrity', channel: 'email',
    occurredOn: '2021-05-02', summary: '两个中队联合执法中收受财物', ruleRefs: ['lyj-4'], reporter: null, reportedOn: '2021-05-08',
  });
  // And findings (C4's names both subjects), interventions, unit heads held accountable and sanctions
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1', 'O2'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-05-20', late: false });
  log.add('FindingRecorded', { caseId: 'C4', officerIds: ['O4', 'O5'], outcome: 'partly_substantiated', severity: 'minor', summary: '部分属实', recordedOn: '2021-05-21', late: false });
  log.add('InterventionHeld', { caseId: 'C3', officerId: 'O1', kind: 'written_inquiry', heldOn: '2021-05-22' });
  log.add('InterventionHeld', { caseId: 'C2', officerId: 'O3', kind: 'reminder_talk', heldOn: '2021-05-22' });
  log.add('AccountabilityFlagged', { caseId: 'C4', officerId: 'O4', unitId: 'U3', level: 'unit_head', headOfficerId: 'H3', ruleRef: 'bj-2', flaggedOn: '2021-05-21' });
  const impose = (caseId: string, sanctionId: string, officerId: string, capacity: 'subject' | 'unit_head' | 'responsible', kind: 'criticism_education' | 'off_post_training' = 'criticism_education') =>
    log.add('SanctionImposed', { caseId, sanctionId, officerId, kind, capacity, effectiveOn: '2021-06-01', basis: 'x', untilOn: kind === 'off_post_training' ? '2021-07-01' : null, toPostId: null });
  impose('C1', 'S1', 'O1', 'subject', 'off_post_training');
  impose('C1', 'S2', 'R1', 'responsible');
  impose('C4', 'S3', 'O4', 'subject');
  impose('C4', 'S4', 'H3', 'unit_head');
  impose('C4', 'S5', 'R2', 'responsible');

  // Then U1 has its two cases, its finding, its inquiry, and the sanctions of its subject and of the one responsible in its own case
  const u1Cases = unitTotals(log, 'U1', 'reported', '2021-05-01', '2021-05-31');
  t.same([u1Cases.total, u1Cases.by.category, u1Cases.by.channel, u1Cases.by.rule], [2, { integrity: 2 }, { hotline_12328: 1, inspection: 1 }, undefined],
    'a case counts once in its unit, however many of its subjects are there');
  t.same(unitTotals(log, 'U1', 'findings', '2021-05-01', '2021-05-31').by.outcome, { substantiated: 1 }, 'a finding on two subjects of the unit counts once');
  t.same(unitTotals(log, 'U1', 'interventions', '2021-05-01', '2021-05-31').by.kind, { written_inquiry: 1 });
  const u1Sanctions = unitTotals(log, 'U1', 'sanctions', '2021-06-01', '2021-06-30');
  t.same([u1Sanctions.total, u1Sanctions.by.kind, u1Sanctions.by.capacity], [2, { off_post_training: 1, criticism_education: 1 }, { subject: 1, responsible: 1 }]);
  t.equal(u1Sanctions.by.unit, undefined, 'a unit\'s row holds no counts by unit');
  // And C4 counts in U3 and in U4 (its finding too), its subject's and unit head's sanctions in U3, the one responsible in neither
  const u3Cases = unitTotals(log, 'U3', 'reported', '2021-05-01', '2021-05-31');
  t.same([u3Cases.total, u3Cases.by.rule], [1, { 'lyj-4': 1 }]);
  t.same(unitTotals(log, 'U4', 'occurred', '2021-05-01', '2021-05-31').by.rule, { 'lyj-4': 1 }, 'by the day of the breach too');
  t.same(unitTotals(log, 'U4', 'findings', '2021-05-01', '2021-05-31').by.outcome, { partly_substantiated: 1 });
  t.same(unitTotals(log, 'U3', 'sanctions', '2021-06-01', '2021-06-30').by.capacity, { subject: 1, unit_head: 1 });
  t.equal(unitTotals(log, 'U4', 'sanctions', '2021-06-01', '2021-06-30').total, 0);
  // And the units' sanctions add up to the bureau's by unit, which leaves out the one responsible in a case of two units
  const bureau = totals(log, 'sanctions', '2021-06-01', '2021-06-30');
  t.same([bureau.total, bureau.by.unit], [5, { U1: 2, U3: 2 }]);
  // And a sanction reduced or annulled on appeal moves in its unit as in the bureau
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education', toPostId: null, untilOn: null });
  log.add('AppealDecided', { caseId: 'C4', appealId: 'A2', sanctionId: 'S4', outcome: 'annulled', decidedOn: '2021-06-21', replacementKind: null, toPostId: null, untilOn: null });
  t.same(unitTotals(log, 'U1', 'sanctions', '2021-06-01', '2021-06-30').by.kind, { criticism_education: 2 });
  t.same(unitTotals(log, 'U3', 'sanctions', '2021-06-01', '2021-06-30').by.capacity, { subject: 1 });
  // And a unit nothing counts in has nothing
  t.equal(unitTotals(log, 'U9', 'reported', '2000-01-01', '2099-12-31').total, 0);
});

t.test('a correction of a subject\'s unit moves their case, and the interventions held with them, to the unit corrected', async (t) => {
  // Given C1 (O1, O2 of U1) and a reminder talk with O2
  const { log, reported } = cases();
  log.add('InterventionHeld', { caseId: 'C1', officerId: 'O2', kind: 'reminder_talk', heldOn: '2021-05-10' });
  t.equal(unitTotals(log, 'U1', 'interventions', '2021-05-01', '2021-05-31').total, 1);
  // When O2 is corrected into U2 (no finding names them yet)
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: reported.id, reason: '借调', changes: { subjectUnits: [{ officerId: 'O2', unitId: 'U2' }] } });
  // Then the talk counts in U2, no longer in U1; the bureau still counts it once
  t.equal(unitTotals(log, 'U1', 'interventions', '2021-05-01', '2021-05-31').total, 0);
  t.same(unitTotals(log, 'U2', 'interventions', '2021-05-01', '2021-05-31').by.kind, { reminder_talk: 1 });
  t.equal(totals(log, 'interventions', '2021-05-01', '2021-05-31').total, 1);
  // And the case counts in both units (O1 stays in U1)
  t.equal(unitTotals(log, 'U1', 'reported', '2021-05-06', '2021-05-06').total, 1);
  t.same(unitTotals(log, 'U2', 'reported', '2021-05-06', '2021-05-06').by.category, { integrity: 1 });
});

// The reducer was made faster (one copy of a day's counts per event, shared count pairs, sanction
// records without a hidden class each): it must put the rows the plain reducer puts, for any events.
// The reference below is the reducer written plainly (as it was before, with later changes of what
// is counted made to both: this comparison checks the speed-ups, the tests above what is counted);
// both fold the same histories, row by row.

type Reference = StatisticsTables;
type ReferenceCase = Reference['cases'];
type ReferenceSanction = ReferenceCase['sanctions'][string];
type ReferenceIntervention = NonNullable<ReferenceCase['interventions']>[number];
/** A change of a count: the whole bureau's, or with `unitId` one unit's. */
type ReferenceDelta = [series: DayCounts['series'], day: string, counter: string, by: number, unitId?: string];

const referenceStatistics: Projection<Reference> = {
  name: 'statistics',
  version: 5,
  tables: statisticsProjection.tables,
  reduce(view, event) {
    switch (event.type) {
      case 'CaseReported': {
        const { caseId, category, channel, occurredOn, reportedOn, ruleRefs, subjects } = event.data;
        const facts: ReferenceCase = {
          caseId, category, channel, occurredOn, reportedOn,
          ruleRefs: [...new Set(ruleRefs)],
          units: [...new Set(subjects.map((s) => s.unitId))],
          subjectUnits: Object.fromEntries(subjects.map((s) => [s.officerId, s.unitId])),
          headUnits: {},
          sanctions: {},
        };
        return [put('cases', caseId, facts), ...referenceCounting(view, referenceCaseDeltas(facts, 1))];
      }
      case 'CaseRecordCorrected': {
        const before = view.get('cases', event.data.caseId);
        if (!before) return [];
        const { category, channel, occurredOn, ruleRefs, subjectUnits } = event.data.changes;
        const units = { ...before.subjectUnits, ...Object.fromEntries((subjectUnits ?? []).map((s) => [s.officerId, s.unitId])) };
        const after: ReferenceCase = {
          ...before,
          category: category ?? before.category,
          channel: channel ?? before.channel,
          occurredOn: occurredOn ?? before.occurredOn,
          ruleRefs: ruleRefs ? [...new Set(ruleRefs)] : before.ruleRefs,
          ...(subjectUnits ? { units: [...new Set(Object.values(units))], subjectUnits: units } : {}),
        };
        const deltas = [...referenceCaseDeltas(before, -1), ...referenceCaseDeltas(after, 1)];
        if (subjectUnits) {
          for (const [sanctionId, sanction] of Object.entries(after.sanctions)) {
            const unitId = referenceUnitOf(after, sanction.officerId);
            if (!sanction.counted || unitId === sanction.unitId) continue;
            const moved = { ...sanction, unitId };
            deltas.push(...referenceSanctionDeltas(sanction, -1), ...referenceSanctionDeltas(moved, 1));
            after.sanctions = { ...after.sanctions, [sanctionId]: moved };
          }
          if (after.interventions) {
            after.interventions = after.interventions.map((held) => {
              const unitId = referenceUnitOf(after, held.officerId);
              if (unitId === held.unitId) return held;
              const moved = { ...held, unitId };
              deltas.push(...referenceInterventionDeltas(held, -1), ...referenceInterventionDeltas(moved, 1));
              return moved;
            });
          }
        }
        return [put('cases', after.caseId, after), ...referenceCounting(view, deltas)];
      }
      case 'FindingRecorded': {
        // On the day it was made (a finding recorded before foundOn was kept: the day recorded).
        const { caseId, officerIds, outcome, recordedOn, foundOn } = event.data;
        const day = foundOn ?? recordedOn;
        const facts = view.get('cases', caseId);
        const units = new Set(officerIds.flatMap((officerId) => (facts && Object.hasOwn(facts.subjectUnits, officerId) ? [facts.subjectUnits[officerId]!] : [])));
        return referenceCounting(view, [
          ['findings', day, 'total', 1], ['findings', day, `outcome:${outcome}`, 1],
          ...[...units].flatMap((unitId): ReferenceDelta[] => [['findings', day, 'total', 1, unitId], ['findings', day, `outcome:${outcome}`, 1, unitId]]),
        ]);
      }
      case 'InterventionHeld': {
        const { caseId, officerId, kind, heldOn } = event.data;
        const facts = view.get('cases', caseId);
        const held: ReferenceIntervention = { officerId, kind, heldOn, unitId: facts ? referenceUnitOf(facts, officerId) : null };
        const changes = referenceCounting(view, referenceInterventionDeltas(held, 1));
        if (facts) changes.push(put('cases', caseId, { ...facts, interventions: [...(facts.interventions ?? []), held] }));
        return changes;
      }
      case 'AccountabilityFlagged': {
        const { caseId, level, headOfficerId, unitId } = event.data;
        const facts = view.get('cases', caseId);
        if (level !== 'unit_head' || !headOfficerId || !facts || Object.hasOwn(facts.headUnits, headOfficerId)) return [];
        return [put('cases', caseId, { ...facts, headUnits: { ...facts.headUnits, [headOfficerId]: unitId } })];
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId, kind, capacity, effectiveOn } = event.data;
        const facts = view.get('cases', caseId);
        const unitId = facts ? referenceUnitOf(facts, officerId) : null;
        const sanction: ReferenceSanction = { officerId, kind, effectiveOn, unitId, capacity, counted: true };
        const changes = referenceCounting(view, referenceSanctionDeltas(sanction, 1));
        if (facts) changes.push(put('cases', caseId, { ...facts, sanctions: { ...facts.sanctions, [sanctionId]: sanction } }));
        return changes;
      }
      case 'AppealDecided': {
        const { caseId, sanctionId, outcome, replacementKind, decidedOn } = event.data;
        const facts = view.get('cases', caseId);
        const before = facts?.sanctions[sanctionId];
        if (!facts || !before || !before.counted || outcome === 'upheld') return [];
        const after: ReferenceSanction = outcome === 'annulled' || !replacementKind
          ? { ...before, counted: false }
          : { ...before, kind: replacementKind, effectiveOn: decidedOn };
        const deltas = [...referenceSanctionDeltas(before, -1), ...(after.counted ? referenceSanctionDeltas(after, 1) : [])];
        return [put('cases', caseId, { ...facts, sanctions: { ...facts.sanctions, [sanctionId]: after } }), ...referenceCounting(view, deltas)];
      }
      default:
        return [];
    }
  },
};

function referenceUnitOf(facts: ReferenceCase, officerId: string): string | null {
  const ownUnit = (record: Record<string, string>) => (Object.hasOwn(record, officerId) ? record[officerId] : undefined);
  return ownUnit(facts.subjectUnits) ?? ownUnit(facts.headUnits) ?? (facts.units.length === 1 ? facts.units[0]! : null);
}

function referenceCaseDeltas(c: ReferenceCase, by: number): ReferenceDelta[] {
  const deltas: ReferenceDelta[] = [];
  for (const [series, day] of [['reported', c.reportedOn], ['occurred', c.occurredOn]] as const) {
    const counters = ['total', `category:${c.category}`, `channel:${c.channel}`, ...c.ruleRefs.map((rule) => `rule:${rule}`)];
    for (const counter of counters) deltas.push([series, day, counter, by]);
    for (const unit of c.units) {
      deltas.push([series, day, `unit:${unit}`, by]);
      for (const counter of counters) deltas.push([series, day, counter, by, unit]);
    }
  }
  return deltas;
}

function referenceSanctionDeltas(s: ReferenceSanction, by: number): ReferenceDelta[] {
  const counters = ['total', `kind:${s.kind}`, `capacity:${s.capacity}`];
  const deltas: ReferenceDelta[] = counters.map((counter) => ['sanctions', s.effectiveOn, counter, by]);
  if (s.unitId) {
    deltas.push(['sanctions', s.effectiveOn, `unit:${s.unitId}`, by]);
    for (const counter of counters) deltas.push(['sanctions', s.effectiveOn, counter, by, s.unitId]);
  }
  return deltas;
}

function referenceInterventionDeltas(i: ReferenceIntervention, by: number): ReferenceDelta[] {
  const counters = ['total', `kind:${i.kind}`];
  const deltas: ReferenceDelta[] = counters.map((counter) => ['interventions', i.heldOn, counter, by]);
  if (i.unitId) for (const counter of counters) deltas.push(['interventions', i.heldOn, counter, by, i.unitId]);
  return deltas;
}

function referenceCounting(view: ProjectionView<Reference>, deltas: readonly ReferenceDelta[]): Change<Reference>[] {
  const days = new Map<string, DayCounts & { unitId?: string }>();
  for (const [series, day, counter, by, unitId] of deltas) {
    const key = unitId === undefined ? `${series}|${day}` : `${series}|${unitId}|${day}`;
    let current = days.get(key);
    if (!current) {
      current = unitId === undefined
        ? { series, day, counts: [...(view.get('days', key)?.counts ?? [])] }
        : { series, unitId, day, counts: [...(view.get('unitDays', key)?.counts ?? [])] };
      days.set(key, current);
    }
    const counts = current.counts;
    let low = 0;
    let high = counts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (counts[middle]![0] < counter) low = middle + 1;
      else high = middle;
    }
    const found = counts[low];
    if (found && found[0] === counter) counts[low] = [counter, found[1] + by];
    else counts.splice(low, 0, [counter, by]);
  }
  const changes: Change<Reference>[] = [];
  for (const [key, day] of days) {
    const counts = day.counts.filter(([, n]) => n !== 0);
    const table = day.unitId === undefined ? 'days' : 'unitDays';
    changes.push(counts.length === 0 ? remove(table, key) : put(table, key, { ...day, counts } as UnitDayCounts));
  }
  return changes;
}

t.test('the rows are those of the reducer as it was, over a seeded bureau', async (t) => {
  const events = await seededBureauEvents();
  const types = new Set<string>(events.map((e) => e.type));
  for (const type of statisticsProjection.eventTypes!) t.ok(types.has(type), `the bureau has ${type} events`);
  t.ok(events.some((e) => e.type === 'AppealDecided' && e.data.outcome === 'reduced' && e.data.replacementKind), 'a sanction reduced to another kind');
  foldsAlike(t, referenceStatistics, statisticsProjection, events);
});

t.test('the rows are those of the reducer as it was, over generated histories', async (t) => {
  for (const seed of [1, 2, 3]) foldsAlike(t, referenceStatistics, statisticsProjection, generatedHistory({ seed, officers: 30, cases: 200 }).projected);
});

t.test('the rows are those of the reducer as it was, in corner cases', async (t) => {
  const log = new EventLog();
  const report = (caseId: string, subjects: [officerId: string, unitId: string][], reportedOn: string, occurredOn: string) =>
    log.add('CaseReported', {
      caseId, subjects: subjects.map(([officerId, unitId]) => ({ officerId, unitId })), category: 'integrity', channel: 'email',
      occurredOn, summary: '反映问题', ruleRefs: [], reporter: null, reportedOn,
    });
  const impose = (caseId: string, sanctionId: string, officerId: string, kind: 'dismissal' | 'criticism_education' = 'criticism_education') =>
    log.add('SanctionImposed', { caseId, sanctionId, officerId, kind, capacity: 'subject', effectiveOn: '2021-06-01', basis: 'x', untilOn: null, toPostId: null });
  const decide = (caseId: string, appealId: string, sanctionId: string, outcome: 'upheld' | 'reduced' | 'annulled', replacementKind: 'off_post_training' | null = null) =>
    log.add('AppealDecided', { caseId, appealId, sanctionId, outcome, decidedOn: '2021-06-20', replacementKind, toPostId: null, untilOn: replacementKind ? '2021-07-20' : null });
  // Several subjects, of one unit and of two; an officer named twice (the later unit counts); ids
  // that are names of Object.prototype's members; ids that are array indexes (they sort first).
  const c1 = report('C1', [['O1', 'U1'], ['O2', 'U1'], ['O3', 'U2'], ['O1', 'U3']], '2021-05-06', '2021-04-28');
  report('C2', [['constructor', 'U1'], ['10', 'U2'], ['2', 'U3']], '2021-05-06', '2021-05-06');
  report('C3', [['O4', 'U9']], '2021-05-07', '2021-04-28');
  // Corrections: one that moves the counts, one that changes nothing, one of an unknown case.
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: c1.id, reason: '类别有误', changes: { category: 'purpose', channel: 'hotline_12328', occurredOn: '2021-05-01' } });
  log.add('CaseRecordCorrected', { caseId: 'C1', correctsEventId: c1.id, reason: '复核', changes: { category: 'purpose' } });
  log.add('CaseRecordCorrected', { caseId: 'C9', correctsEventId: c1.id, reason: '无此案', changes: { category: 'conduct' } });
  // Subjects' units: one moved into a unit the case already counts in, one named as an array index.
  log.add('CaseRecordCorrected', { caseId: 'C2', correctsEventId: c1.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: '10', unitId: 'U1' }, { officerId: '2', unitId: 'U7' }] } });
  // Sanctions on subjects, on officers who are not subjects (one named as a member of
  // Object.prototype), on a case the statistics never saw; ids that are array indexes.
  impose('C1', 'S1', 'O1', 'dismissal');
  impose('C1', 'S2', 'O3');
  impose('C2', '7', 'constructor');
  impose('C2', '3', '10');
  impose('C2', 'S4', 'valueOf');
  impose('C2', 'S5', 'O8');
  impose('C8', 'S6', 'O1');
  // A correction of units after sanctions: a subject's sanction moves with them; C3's one unit changes, and its sanction of someone else with it.
  log.add('CaseRecordCorrected', { caseId: 'C2', correctsEventId: c1.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'constructor', unitId: 'U2' }] } });
  impose('C3', 'S7', 'O9');
  log.add('CaseRecordCorrected', { caseId: 'C3', correctsEventId: c1.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'O4', unitId: 'U8' }] } });
  // Appeals: reduced to another kind, reduced without one, annulled, upheld, of a sanction
  // already annulled, of unknown sanctions (one named as a member of Object.prototype).
  decide('C1', 'A1', 'S1', 'reduced', 'off_post_training');
  decide('C1', 'A2', 'S2', 'reduced');
  decide('C2', 'A3', '7', 'annulled');
  decide('C2', 'A4', '3', 'upheld');
  decide('C1', 'A5', 'S2', 'annulled');
  decide('C2', 'A6', 'toString', 'annulled');
  decide('C2', 'A7', 'S9', 'annulled');
  decide('C8', 'A8', 'S6', 'annulled');
  // A day whose counts all go: the only case of the day is corrected away from it.
  const c4 = report('C4', [['O5', 'U1']], '2021-05-09', '2021-03-03');
  log.add('CaseRecordCorrected', { caseId: 'C4', correctsEventId: c4.id, reason: '日期有误', changes: { occurredOn: '2021-03-04' } });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false });
  log.add('InterventionHeld', { caseId: 'C2', officerId: 'O3', kind: 'reminder_talk', heldOn: '2021-05-21' });
  // Rules cited: named twice, corrected to others, to the same, to none; of a case whose subjects are of several units.
  const c5 = log.add('CaseReported', {
    caseId: 'C5', subjects: [{ officerId: 'O6', unitId: 'U1' }, { officerId: 'O7', unitId: 'U2' }, { officerId: '3', unitId: 'U2' }], category: 'conduct', channel: 'letter',
    occurredOn: '2021-05-01', summary: '反映问题', ruleRefs: ['bbz-1', 'lyj-5', 'bbz-1'], reporter: null, reportedOn: '2021-05-09',
  });
  log.add('CaseRecordCorrected', { caseId: 'C5', correctsEventId: c5.id, reason: '规定有误', changes: { ruleRefs: ['lyj-5', 'bbz-2'] } });
  log.add('CaseRecordCorrected', { caseId: 'C5', correctsEventId: c5.id, reason: '复核', changes: { ruleRefs: ['bbz-2', 'lyj-5'], summary: '复核' } });
  // Findings naming several subjects, of one unit and of two, and someone not a subject; interventions, of a case the statistics never saw too.
  log.add('FindingRecorded', { caseId: 'C5', officerIds: ['O7', '3'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-05-20', late: false });
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O2', 'O3', 'O9'], outcome: 'partly_substantiated', severity: 'minor', summary: '部分属实', recordedOn: '2021-05-20', late: false });
  log.add('FindingRecorded', { caseId: 'C8', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false });
  log.add('InterventionHeld', { caseId: 'C5', officerId: 'O6', kind: 'written_inquiry', heldOn: '2021-05-21' });
  log.add('InterventionHeld', { caseId: 'C5', officerId: 'O6', kind: 'reminder_talk', heldOn: '2021-05-22' });
  log.add('InterventionHeld', { caseId: 'C8', officerId: 'O1', kind: 'reminder_talk', heldOn: '2021-05-21' });
  // A correction of units that moves interventions, one that moves none, and rules to none with it.
  log.add('CaseRecordCorrected', { caseId: 'C5', correctsEventId: c5.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'O6', unitId: 'U3' }] } });
  log.add('CaseRecordCorrected', { caseId: 'C5', correctsEventId: c5.id, reason: '单位有误', changes: { subjectUnits: [{ officerId: 'O7', unitId: 'U2' }], ruleRefs: [] } });
  foldsAlike(t, referenceStatistics, statisticsProjection, log.projected);
  const days = foldInMemory(statisticsProjection, log.projected).days!;
  t.notOk(days.has('occurred|2021-03-03'), 'a day whose counts all went is removed');
});

t.test('the rows are those of the reducer as it was, on a day of more than a thousand findings', async (t) => {
  const log = new EventLog();
  for (let i = 0; i < 1030; i++) {
    log.add('FindingRecorded', { caseId: `C${i}`, officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false });
  }
  foldsAlike(t, referenceStatistics, statisticsProjection, log.projected);
});

t.test('totals of units named as members of Object.prototype are counted like any other', async (t) => {
  const totals = sumCounts([[['total', 3], ['unit:constructor', 2], ['unit:toString', 1]], [['total', 1], ['unit:constructor', 1]]]);
  t.equal(totals.total, 4);
  t.same({ ...totals.by.unit }, { constructor: 3, toString: 1 });
  t.equal(JSON.stringify(totals.by), '{"unit":{"constructor":3,"toString":1}}', 'and they serialize as counts');
});
