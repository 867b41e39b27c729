import t from 'tap';
import {
  currentHistory, historyAsOf, officerHistoryProjection, summarizeOfficer, timelineEntry, type OfficerHistory, type TimelineEntry,
  type TimelinePointer,
} from '../../projections/officer-history.js';
import type { MemoryTables } from '../../projections/projection.js';

/** An officer's timeline: the events the read model points at, as entries. */
function timelineOf(tables: MemoryTables, log: EventLog, officerId: string): TimelineEntry[] {
  const events = new Map(log.projected.map((event) => [Number(event.position), event]));
  return ((tables.timeline!.get(officerId) ?? []) as TimelinePointer[]).map(([position, role]) => timelineEntry(events.get(position)!, role));
}

/** An officer's state: the fold of their timeline. */
function stateOf(tables: MemoryTables, log: EventLog, officerId: string): OfficerHistory {
  return currentHistory(officerId, timelineOf(tables, log, officerId))!;
}
import { instantMs } from '../../projections/projected-event.js';
import { foldInMemory } from '../../projections/projection.js';
import { EventLog, post, reporter } from '../fixtures/projection-events.js';

function bureau() {
  const log = new EventLog();
  log.add('UnitRegistered', { unitId: 'U1', name: '第一执法大队', headOfficerId: null });
  log.add('OfficerRegistered', { officerId: 'O1', name: '李明', unitId: 'U1', hiredOn: '2015-03-01' });
  log.add('OfficerRegistered', { officerId: 'H1', name: '赵强', unitId: 'U1', hiredOn: '2010-07-01' });
  log.add('UnitHeadAppointed', { unitId: 'U1', officerId: 'H1', effectiveOn: '2019-01-01' });
  log.add('QualificationGranted', { officerId: 'O1', certificateNo: '豫交执-0001', grantedOn: '2015-06-01' });
  log.add('OfficerAssigned', {
    officerId: 'O1', post: post('P1', 'U1', { sensitive: true, title: '超限检测站站长' }), effectiveOn: '2016-01-01', reason: 'appointment', previousPostId: null,
  });
  return log;
}

function caseAgainstO1(log: EventLog) {
  log.add('CaseReported', {
    caseId: 'C1', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'integrity', channel: 'hotline_12328',
    occurredOn: '2021-05-01', summary: '检查站违规收费', ruleRefs: ['lyj-5'], reporter, reportedOn: '2021-05-06',
  });
  log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-05-06', dueOn: '2021-06-05' });
  log.add('FindingRecorded', {
    caseId: 'C1', officerIds: ['O1'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-05-20', late: false,
  });
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-05-20' });
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'unit_head', headOfficerId: 'H1', ruleRef: 'bj-2', flaggedOn: '2021-05-20' });
  log.add('SanctionImposed', {
    caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'qualification_revoked', capacity: 'subject', effectiveOn: '2021-05-21',
    basis: '六严禁第五条', untilOn: null, toPostId: null,
  });
  log.add('SanctionTookEffect', {
    officerId: 'O1', caseId: 'C1', sanctionId: 'S1', kind: 'qualification_revoked', capacity: 'subject', effectiveOn: '2021-05-21', untilOn: null, toPost: null,
  });
}

t.test('an officer state follows their own stream', async (t) => {
  const log = bureau();
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const o1 = stateOf(tables, log, 'O1');
  const summary = summarizeOfficer(o1);
  t.equal(summary.name, '李明');
  t.equal(summary.unitId, 'U1');
  t.equal(summary.inService, true);
  t.same(summary.qualification, { certificateNo: '豫交执-0001', grantedOn: '2015-06-01', heldSince: '2015-06-01' });
  t.equal(summary.post?.post.postId, 'P1');
  t.equal(summary.rotation?.dueOn, '2021-01-01', 'a sensitive post starts a 60-month rotation clock');
  const h1 = summarizeOfficer(stateOf(tables, log, 'H1'));
  t.same(h1.headOfUnits, ['U1'], 'the appointed head heads the unit');
});

t.test('a return to a sensitive post within 12 months: the history shows the continued tenure the event names', async (t) => {
  const log = bureau();
  log.add('OfficerAssigned', { officerId: 'O1', post: post('P2', 'U1'), effectiveOn: '2020-09-01', reason: 'transfer', previousPostId: 'P1' });
  log.add('OfficerAssigned', {
    officerId: 'O1', post: post('P1', 'U1', { sensitive: true, title: '超限检测站站长' }), effectiveOn: '2020-10-01', reason: 'transfer',
    previousPostId: 'P2', tenureSince: '2016-01-01',
  });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const summary = summarizeOfficer(stateOf(tables, log, 'O1'));
  t.match(summary.rotation, { postId: 'P1', since: '2016-01-01', dueOn: '2021-01-01' }, 'due as if the officer had never left');
  t.match(summary.post, { since: '2020-10-01' }, 'the holding itself starts on the return');
  t.match(summary.postHistory, [
    { postId: 'P1', from: '2016-01-01', to: '2020-09-01', tenureSince: '2016-01-01' },
    { postId: 'P2', from: '2020-09-01', to: '2020-10-01' },
    { postId: 'P1', from: '2020-10-01', to: null, tenureSince: '2016-01-01' },
  ]);
  const timeline = timelineOf(tables, log, 'O1');
  t.match(timeline.filter((e) => e.type === 'OfficerAssigned').map((e) => e.data.tenureSince), [null, null, '2016-01-01'],
    'the timeline shows the field; events without it show null');
});

t.test('the timeline records who recorded each entry and when', async (t) => {
  const log = bureau();
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const timeline = timelineOf(tables, log, 'O1');
  t.same(timeline.map((e) => e.type), ['OfficerRegistered', 'QualificationGranted', 'OfficerAssigned']);
  const registered = log.recorded[1]!;
  t.equal(timeline[0]!.recordedBy, 'hr-li');
  t.equal(timeline[0]!.recordedAt, registered.metadata.recordedAt);
  t.equal(timeline[0]!.position, registered.position.toString());
  t.equal(timeline[0]!.eventId, registered.id);
});

t.test('case events join the subject\'s timeline without the reporter', async (t) => {
  const log = bureau();
  caseAgainstO1(log);
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const o1 = stateOf(tables, log, 'O1');
  const timeline = timelineOf(tables, log, 'O1');
  t.same(timeline.slice(3).map((e) => [e.type, e.role]), [
    ['CaseReported', 'subject'], ['VerificationAssigned', 'subject'], ['FindingRecorded', 'subject'],
    ['AccountabilityFlagged', 'subject'], ['SanctionImposed', 'sanctioned'], ['SanctionTookEffect', 'self'],
  ]);
  t.equal(timeline[3]!.recordedBy, 'inspector-wang');
  const everything = JSON.stringify([
    ...tables.officers!.values(), ...tables.timeline!.values(), timelineOf(tables, log, 'O1'), timelineOf(tables, log, 'H1'),
    stateOf(tables, log, 'O1'), stateOf(tables, log, 'H1'),
  ]);
  t.notOk(everything.includes('张三'), 'the reporter name is nowhere in the read model');
  t.notOk(everything.includes('13800000000'), 'nor the reporter contact');
  t.notOk(everything.includes('"reporter"'), 'nor a reporter field');

  const summary = summarizeOfficer(o1);
  t.equal(summary.qualification, null, 'the revoked qualification is gone');
  t.equal(summary.post, null, 'losing the qualification ends the enforcement post');
  t.same(summary.sanctionsInForce.map((s) => [s.sanctionId, s.kind]), [['S1', 'qualification_revoked']]);
  t.same(summary.cases, [{ caseId: 'C1', roles: ['subject', 'sanctioned'], category: 'integrity', reportedOn: '2021-05-06', outcome: 'substantiated', closedOn: null }]);
  t.same(summary.accountability.map((a) => a.ruleRef), ['bj-1']);

  const head = stateOf(tables, log, 'H1');
  t.same(head.accountability.map((a) => [a.ruleRef, a.level, a.breachOfficerId]), [['bj-2', 'unit_head', 'O1']], 'the unit head is held accountable');
  t.same(timelineOf(tables, log, 'H1').map((e) => [e.type, e.role]), [
    ['OfficerRegistered', 'self'], ['UnitHeadAppointed', 'unit_head'], ['AccountabilityFlagged', 'unit_head'],
  ]);
});

t.test('appeals, the annulment and closure reach everyone involved', async (t) => {
  const log = bureau();
  caseAgainstO1(log);
  log.add('AppealFiled', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', stage: 'review', filedOn: '2021-05-25' });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'annulled', decidedOn: '2021-06-10', replacementKind: null, toPostId: null, untilOn: null });
  log.add('SanctionRevised', { officerId: 'O1', caseId: 'C1', sanctionId: 'S1', appealId: 'A1', outcome: 'annulled', replacementKind: null, decidedOn: '2021-06-10', toPost: null, untilOn: null });
  log.add('CaseClosed', { caseId: 'C1', summary: '结案', closedOn: '2021-06-11' });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const summary = summarizeOfficer(stateOf(tables, log, 'O1'));
  t.same(summary.qualification, { certificateNo: '豫交执-0001', grantedOn: '2015-06-01', heldSince: '2015-06-01' }, 'an annulled revocation restores the qualification');
  t.same(summary.sanctionsInForce, []);
  t.equal(summary.cases[0]!.closedOn, '2021-06-11');
  const o1Types = timelineOf(tables, log, 'O1').map((e) => e.type);
  t.ok(o1Types.includes('AppealFiled') && o1Types.includes('AppealDecided') && o1Types.includes('CaseClosed'));
  const h1Types = timelineOf(tables, log, 'H1').map((e) => e.type);
  t.ok(h1Types.includes('CaseClosed'), 'the accountable head sees the case closed');
  t.notOk(h1Types.includes('AppealFiled'), 'but not the appeal of someone else\'s sanction');
  t.same(timelineOf(tables, log, 'H1').filter((e) => e.type === 'CaseClosed').map((e) => e.role), ['unit_head'], 'as the unit head held accountable, not as a subject');
  t.same(timelineOf(tables, log, 'O1').filter((e) => e.type === 'CaseClosed').map((e) => e.role), ['subject']);
});

t.test('an appeal naming a sanction no one received (an id every object inherits) reaches no timeline', async (t) => {
  const log = bureau();
  caseAgainstO1(log);
  for (const id of ['constructor', 'toString']) {
    log.add('AppealFiled', { caseId: 'C1', appealId: `A-${id}`, sanctionId: id, stage: 'review', filedOn: '2021-05-25' });
    log.add('AppealDecided', { caseId: 'C1', appealId: `A-${id}`, sanctionId: id, outcome: 'annulled', decidedOn: '2021-06-10', replacementKind: null, toPostId: null, untilOn: null });
  }
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  t.same([...tables.timeline!.keys()].sort(), ['H1', 'O1'], 'only the officers of the bureau have timelines');
  t.notOk(timelineOf(tables, log, 'O1').some((e) => e.type === 'AppealFiled' || e.type === 'AppealDecided'), 'nor do the appeals reach anyone');
});

t.test('dismissal ends service; a new head replaces the former one', async (t) => {
  const log = bureau();
  caseAgainstO1(log);
  log.add('SanctionImposed', {
    caseId: 'C1', sanctionId: 'S2', officerId: 'O1', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-05-22', basis: '情节严重', untilOn: null, toPostId: null,
  });
  log.add('SanctionTookEffect', {
    officerId: 'O1', caseId: 'C1', sanctionId: 'S2', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-05-22', untilOn: null, toPost: null,
  });
  log.add('OfficerRegistered', { officerId: 'H2', name: '钱伟', unitId: 'U1', hiredOn: '2012-01-01' });
  log.add('UnitHeadAppointed', { unitId: 'U1', officerId: 'H2', effectiveOn: '2021-06-01' });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const o1 = summarizeOfficer(stateOf(tables, log, 'O1'));
  t.equal(o1.inService, false);
  t.same(o1.separation, { kind: 'dismissal', sanctionId: 'S2', effectiveOn: '2021-05-22' });
  t.same(summarizeOfficer(stateOf(tables, log, 'H1')).headOfUnits, []);
  t.same(summarizeOfficer(stateOf(tables, log, 'H2')).headOfUnits, ['U1']);
  t.equal(timelineOf(tables, log, 'H1').at(-1)!.role, 'former_unit_head');
});

t.test('a head who left service heads no unit any more; reinstated, they head it again', async (t) => {
  // Given H1, head of U1, dismissed in a case of their own (the unit has no new head yet)
  const log = bureau();
  log.add('CaseReported', {
    caseId: 'C2', subjects: [{ officerId: 'H1', unitId: 'U1' }], category: 'integrity', channel: 'inspection',
    occurredOn: '2021-05-01', summary: '收受财物', ruleRefs: [], reporter: null, reportedOn: '2021-05-06',
  });
  log.add('SanctionImposed', { caseId: 'C2', sanctionId: 'S9', officerId: 'H1', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-05-22', basis: '情节严重', untilOn: null, toPostId: null });
  log.add('SanctionTookEffect', { officerId: 'H1', caseId: 'C2', sanctionId: 'S9', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-05-22', untilOn: null, toPost: null });
  let tables = foldInMemory(officerHistoryProjection, log.projected);
  // Then their term has ended (as headOn says: no one heads U1 after the 22nd)
  t.same(summarizeOfficer(stateOf(tables, log, 'H1')).headOfUnits, [], 'a dismissed head heads nothing');
  // When a review annuls the dismissal
  log.add('AppealDecided', { caseId: 'C2', appealId: 'A9', sanctionId: 'S9', outcome: 'annulled', decidedOn: '2021-06-10', replacementKind: null, toPostId: null, untilOn: null });
  log.add('SanctionRevised', { officerId: 'H1', caseId: 'C2', sanctionId: 'S9', appealId: 'A9', outcome: 'annulled', replacementKind: null, decidedOn: '2021-06-10', toPost: null, untilOn: null });
  tables = foldInMemory(officerHistoryProjection, log.projected);
  t.same(summarizeOfficer(stateOf(tables, log, 'H1')).headOfUnits, ['U1'], 'reinstated, still the head on record');
});

t.test('asOf folds only what was recorded by then', async (t) => {
  const log = bureau();
  const beforeCase = log.now;
  caseAgainstO1(log);
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const entries = timelineOf(tables, log, 'O1');
  const then = historyAsOf('O1', entries, instantMs(beforeCase));
  t.equal(then.timeline.length, 3);
  const state = summarizeOfficer(then.state!);
  t.ok(state.qualification, 'qualified before the sanction');
  t.equal(state.post?.post.postId, 'P1');
  t.same(state.cases, []);
  const now = historyAsOf('O1', entries, Date.now());
  t.same(now.state, stateOf(tables, log, 'O1'), 'as of now: every entry');
  t.equal(historyAsOf('O1', entries, instantMs('2000-01-01T00:00:00Z')).state, null, 'no record before registration');
});

t.test('the directory keeps each officer\'s name and every post defined', async (t) => {
  const log = bureau();
  log.add('PostDefined', { postId: 'P2', unitId: 'U1', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  t.same(tables.officers!.get('O1'), { officerId: 'O1', name: '李明' });
  t.same(tables.posts!.get('P2'), { postId: 'P2', unitId: 'U1', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 });
  t.equal(tables.posts!.size, 1, 'only posts defined by PostDefined');
});

t.test('a change of a post: the directory has the post as changed, each holder\'s history the change and its clock', async (t) => {
  const log = bureau();
  const defined = { postId: 'P2', unitId: 'U1', title: '路政巡查岗', enforcement: true, sensitive: false, rotationPeriodMonths: null };
  log.add('PostDefined', defined);
  log.add('OfficerAssigned', { officerId: 'H1', post: defined, effectiveOn: '2013-04-01', reason: 'appointment', previousPostId: null });
  const changed = log.add('PostChanged', {
    postId: 'P2', effectiveOn: '2021-06-01', reason: '局党组会议决定', title: '路政稽查岗', sensitive: true, rotationPeriodMonths: 60,
    previous: { title: '路政巡查岗', sensitive: false, rotationPeriodMonths: null },
  });
  const after = { ...defined, title: '路政稽查岗', sensitive: true, rotationPeriodMonths: 60 };
  log.add('HeldPostChanged', { officerId: 'H1', post: after, changeEventId: changed.id, effectiveOn: '2021-06-01', reason: '局党组会议决定', tenureSince: '2013-04-01' });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  t.same(tables.posts!.get('P2'), after, 'the directory\'s post as it is now');
  const entries = timelineOf(tables, log, 'H1');
  t.match(entries.at(-1), { type: 'HeldPostChanged', role: 'self', on: '2021-06-01', data: { post: { title: '路政稽查岗' }, tenureSince: '2013-04-01' } },
    'the holder\'s timeline tells the change under the day it took effect');
  t.notOk(entries.some((e) => e.type === 'PostChanged'), 'the post\'s own event is in no officer\'s timeline: each holder has theirs');
  const summary = summarizeOfficer(stateOf(tables, log, 'H1'));
  t.match(summary.post, { post: after, since: '2013-04-01' });
  t.same(summary.rotation, { postId: 'P2', since: '2013-04-01', periodMonths: 60, dueOn: '2018-04-01', deferrals: [] }, 'the clock from the day the post was taken');
  t.same(timelineOf(tables, log, 'O1').map((e) => e.type), ['OfficerRegistered', 'QualificationGranted', 'OfficerAssigned'], 'an officer on another post: nothing');
});

t.test('corrections of the registration are honoured', async (t) => {
  const log = new EventLog();
  const registered = log.add('OfficerRegistered', { officerId: 'O9', name: '李名', unitId: 'U1', hiredOn: '2015-03-01' });
  log.add('OfficerRecordCorrected', { officerId: 'O9', correctsEventId: registered.id, reason: '姓名录入错误', changes: { name: '李明' } });
  const tables = foldInMemory(officerHistoryProjection, log.projected);
  const summary = summarizeOfficer(stateOf(tables, log, 'O9'));
  t.equal(summary.name, '李明');
  t.same(tables.officers!.get('O9'), { officerId: 'O9', name: '李明' }, 'and in the directory');
  t.same(summary.corrections, [{ correctsEventId: registered.id, reason: '姓名录入错误' }]);
});
