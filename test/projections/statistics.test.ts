import t from 'tap';
import { foldInMemory } from '../../projections/projection.js';
import { statisticsProjection, sumCounts, type DayCounts } from '../../projections/statistics.js';
import { EventLog } from '../fixtures/projection-events.js';

function totals(log: EventLog, series: string, from: string, to: string) {
  const days = [...(foldInMemory(statisticsProjection, log.projected).days!.values() as Iterable<DayCounts>)];
  return sumCounts(days.filter((d) => d.series === series && d.day >= from && d.day <= to).map((d) => d.counts));
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

t.test('sanctions count by kind in force, dated by effective date', async (t) => {
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
  const days = foldInMemory(statisticsProjection, log.projected).days!;
  t.notOk([...days.values()].some((d) => (d as DayCounts).counts.some(([, n]) => n === 0)), 'no count is left at zero');
});

t.test('findings and interventions', async (t) => {
  const { log } = cases();
  log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-05-20', late: false });
  log.add('InterventionHeld', { caseId: 'C2', officerId: 'O3', kind: 'reminder_talk', heldOn: '2021-05-21' });
  t.same(totals(log, 'findings', '2021-05-01', '2021-05-31').by.outcome, { unfounded: 1 });
  t.same(totals(log, 'interventions', '2021-05-01', '2021-05-31').by.kind, { reminder_talk: 1 });
});
