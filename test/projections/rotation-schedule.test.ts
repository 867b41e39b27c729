import t from 'tap';
import { toProjectedEvent, type ProjectedEvent } from '../../projections/projected-event.js';
import { foldInMemory, put, remove, type Change, type Projection } from '../../projections/projection.js';
import {
  dueRangeOf, holderOf, rotationScheduleProjection, rotationStatus, type RotationHolder, type RotationTables,
} from '../../projections/rotation-schedule.js';
import { evolveOfficer, type OfficerEvent } from '../../src/domain/officer/evolve.js';
import { initialOfficerState, type OfficerState } from '../../src/domain/officer/state.js';
import type { SanctionKind } from '../../src/domain/shared/codes.js';
import { generatedHistory } from '../fixtures/generated-history.js';
import { foldsAlike, seededBureauEvents } from '../fixtures/reducer-equivalence.js';
import { EventLog, post } from '../fixtures/projection-events.js';

function holders(log: EventLog): Map<string, RotationHolder> {
  return foldInMemory(rotationScheduleProjection, log.projected).holders as Map<string, RotationHolder>;
}

function registered() {
  const log = new EventLog();
  log.add('UnitRegistered', { unitId: 'U1', name: '第一执法大队', headOfficerId: null });
  for (const [id, name] of [['O1', '李明'], ['O2', '王芳'], ['O3', '陈刚']] as const) {
    log.add('OfficerRegistered', { officerId: id, name, unitId: 'U1', hiredOn: '2010-01-01' });
    log.add('QualificationGranted', { officerId: id, certificateNo: `C-${id}`, grantedOn: '2010-02-01' });
  }
  return log;
}

t.test('holders of sensitive posts are on the schedule, others are not', async (t) => {
  const log = registered();
  log.add('OfficerAssigned', { officerId: 'O1', post: post('P1', 'U1', { sensitive: true, months: 60, title: '治超站站长' }), effectiveOn: '2017-03-31', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O2', post: post('P2', 'U1'), effectiveOn: '2017-03-01', reason: 'appointment', previousPostId: null });
  const schedule = holders(log);
  t.same([...schedule.keys()], ['O1']);
  t.same(schedule.get('O1'), {
    officerId: 'O1', officerName: '李明', postId: 'P1', postTitle: '治超站站长', unitId: 'U1', unitName: '第一执法大队', since: '2017-03-31', periodMonths: 60,
    dueOn: '2022-03-31', deferredUntil: null, deferralCount: 0, effectiveDueOn: '2022-03-31', lastWarningEducationOn: null,
    offPostTrainingSince: null, offPostTrainingUntil: null,
  });
});

t.test('a holder in off-post training (离岗培训) keeps the post and its due date; the row says since and until when', async (t) => {
  const log = registered();
  const station = post('P1', 'U1', { sensitive: true, months: 60, title: '治超站站长' });
  log.add('OfficerAssigned', { officerId: 'O1', post: station, effectiveOn: '2017-03-31', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O2', post: post('P2', 'U1', { sensitive: true, months: 36 }), effectiveOn: '2019-01-02', reason: 'appointment', previousPostId: null });
  const training = (officerId: string, sanctionId: string, effectiveOn: string, untilOn: string | null) => log.add('SanctionTookEffect', {
    officerId, caseId: `C-${sanctionId}`, sanctionId, kind: 'off_post_training', capacity: 'subject', effectiveOn, untilOn, toPost: null,
  });
  const revise = (sanctionId: string, outcome: 'reduced' | 'annulled', replacementKind: SanctionKind | null, decidedOn: string, untilOn: string | null) => log.add('SanctionRevised', {
    officerId: 'O1', caseId: `C-${sanctionId}`, sanctionId, appealId: `A-${sanctionId}-${decidedOn}`, outcome, replacementKind, decidedOn, toPost: null, untilOn,
  });
  const row = () => holders(log).get('O1')!;
  const trainingOf = () => ({ since: row().offPostTrainingSince, until: row().offPostTrainingUntil });
  t.same(trainingOf(), { since: null, until: null }, 'in no training');

  training('O1', 'S1', '2022-04-10', '2022-07-10');
  t.match(row(), { postId: 'P1', dueOn: '2022-03-31', effectiveDueOn: '2022-03-31', offPostTrainingSince: '2022-04-10', offPostTrainingUntil: '2022-07-10' },
    'still on the post, still due (overdue), in training until its planned end');
  log.add('SanctionTookEffect', { officerId: 'O1', caseId: 'C-S2', sanctionId: 'S2', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2022-04-12', untilOn: null, toPost: null });
  t.same(trainingOf(), { since: '2022-04-10', until: '2022-07-10' }, 'another kind of sanction changes nothing');
  revise('S1', 'reduced', 'off_post_training', '2022-05-01', '2022-06-01');
  t.same(trainingOf(), { since: '2022-05-01', until: '2022-06-01' }, 'reduced on review to a shorter training: the replacement\'s start and planned end');
  revise('S1', 'reduced', 'off_post_training', '2022-05-20', null);
  t.same(trainingOf(), { since: '2022-05-20', until: null }, 'a replacement with no planned end: in training, until its completion is recorded');
  log.add('OffPostTrainingCompleted', { officerId: 'O1', sanctionId: 'S1', completedOn: '2022-06-15' });
  t.same(trainingOf(), { since: null, until: null }, 'completed: in none');

  training('O1', 'S3', '2022-07-01', '2022-09-30');
  training('O1', 'S4', '2022-07-05', '2022-08-31');
  t.same(trainingOf(), { since: '2022-07-01', until: '2022-09-30' }, 'two at once: from the first start to the last planned end');
  training('O1', 'S5', '2022-07-06', null);
  t.same(trainingOf(), { since: '2022-07-01', until: null }, 'one of them with no planned end: none');
  revise('S5', 'annulled', null, '2022-07-20', null);
  t.same(trainingOf(), { since: '2022-07-01', until: '2022-09-30' }, 'that one annulled on appeal');
  revise('S3', 'reduced', 'criticism_education', '2022-07-21', null);
  t.same(trainingOf(), { since: '2022-07-05', until: '2022-08-31' }, 'another reduced to a criticism: the one left');

  training('O2', 'S6', '2022-03-01', null);
  t.match(holders(log).get('O2'), { offPostTrainingSince: '2022-03-01', offPostTrainingUntil: null }, 'each holder\'s own');
  training('O3', 'S7', '2022-03-01', '2022-04-01');
  t.notOk(holders(log).has('O3'), 'an officer on no sensitive post: no row');
  log.add('OfficerAssigned', { officerId: 'O3', post: post('P3', 'U1', { sensitive: true, months: 60 }), effectiveOn: '2022-02-01', reason: 'appointment', previousPostId: null });
  t.match(holders(log).get('O3'), { offPostTrainingSince: '2022-03-01', offPostTrainingUntil: '2022-04-01' }, 'a row put later says so too');
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, log.projected);
});

t.test('each holder\'s latest warning education (经常性警示教育), by the day attended', async (t) => {
  const log = registered();
  log.add('WarningEducationAttended', { officerId: 'O1', attendedOn: '2016-05-10', topic: '廉政警示教育' });
  log.add('OfficerAssigned', { officerId: 'O1', post: post('P1', 'U1', { sensitive: true, months: 60 }), effectiveOn: '2017-03-31', reason: 'appointment', previousPostId: null });
  t.equal(holders(log).get('O1')!.lastWarningEducationOn, '2016-05-10', 'attended before taking the post: it still counts');
  log.add('WarningEducationAttended', { officerId: 'O1', attendedOn: '2021-06-10', topic: '“八不准、六严禁、四必究”专题警示教育' });
  t.equal(holders(log).get('O1')!.lastWarningEducationOn, '2021-06-10');
  log.add('WarningEducationAttended', { officerId: 'O1', attendedOn: '2020-11-02', topic: '典型案例警示教育' });
  t.equal(holders(log).get('O1')!.lastWarningEducationOn, '2021-06-10', 'one recorded late with an earlier day does not move it back');
  log.add('WarningEducationAttended', { officerId: 'O2', attendedOn: '2021-06-10', topic: '廉政警示教育' });
  t.notOk(holders(log).has('O2'), 'no row for an officer on no sensitive post');
  log.add('OfficerAssigned', { officerId: 'O1', post: post('P3', 'U1', { sensitive: true, months: 36 }), effectiveOn: '2021-07-01', reason: 'rotation', previousPostId: 'P1' });
  t.equal(holders(log).get('O1')!.lastWarningEducationOn, '2021-06-10', 'kept across a rotation to another sensitive post');
});

t.test('a deferral moves the due date; leaving the post ends the clock', async (t) => {
  const log = registered();
  log.add('OfficerAssigned', { officerId: 'O1', post: post('P1', 'U1', { sensitive: true, months: 36 }), effectiveOn: '2018-01-15', reason: 'appointment', previousPostId: null });
  log.add('RotationDeferred', { officerId: 'O1', postId: 'P1', until: '2021-07-01', reason: '专项整治期间保持稳定', approvedBy: '局党组' });
  let schedule = holders(log);
  t.equal(schedule.get('O1')!.dueOn, '2021-01-15');
  t.equal(schedule.get('O1')!.deferredUntil, '2021-07-01');
  t.equal(schedule.get('O1')!.effectiveDueOn, '2021-07-01');

  log.add('OfficerAssigned', { officerId: 'O1', post: post('P3', 'U1', { sensitive: true, months: 60 }), effectiveOn: '2021-06-20', reason: 'rotation', previousPostId: 'P1' });
  schedule = holders(log);
  t.equal(schedule.get('O1')!.postId, 'P3', 'rotation into another sensitive post starts a fresh clock');
  t.equal(schedule.get('O1')!.since, '2021-06-20');
  t.equal(schedule.get('O1')!.deferredUntil, null);

  log.add('OfficerAssigned', { officerId: 'O1', post: post('P4', 'U1'), effectiveOn: '2021-07-01', reason: 'transfer', previousPostId: 'P3' });
  t.notOk(holders(log).has('O1'), 'a non-sensitive post takes the officer off the schedule');
});

t.test('sanctions that end the post or the service end the clock', async (t) => {
  const log = registered();
  for (const id of ['O1', 'O2', 'O3']) {
    log.add('OfficerAssigned', { officerId: id, post: post(`P${id}`, 'U1', { sensitive: true }), effectiveOn: '2019-01-01', reason: 'appointment', previousPostId: null });
  }
  log.add('SanctionTookEffect', { officerId: 'O1', caseId: 'C1', sanctionId: 'S1', kind: 'qualification_revoked', capacity: 'subject', effectiveOn: '2021-05-01', untilOn: null, toPost: null });
  log.add('SanctionTookEffect', { officerId: 'O2', caseId: 'C1', sanctionId: 'S2', kind: 'expulsion', capacity: 'subject', effectiveOn: '2021-05-01', untilOn: null, toPost: null });
  log.add('SanctionTookEffect', { officerId: 'O3', caseId: 'C1', sanctionId: 'S3', kind: 'criticism_education', capacity: 'subject', effectiveOn: '2021-05-01', untilOn: null, toPost: null });
  t.same([...holders(log).keys()], ['O3'], 'criticism keeps the post; revocation of an enforcement post and expulsion end it');
});

t.test('a return to the post within 12 months continues the earlier tenure, as the assignment event says', async (t) => {
  const fines = post('P1', 'U1', { sensitive: true, months: 60, title: '罚没款管理岗' });
  const awayAndBack = (tenureSince?: string) => {
    const log = registered();
    log.add('OfficerAssigned', { officerId: 'O1', post: fines, effectiveOn: '2017-03-01', reason: 'appointment', previousPostId: null });
    log.add('OfficerAssigned', { officerId: 'O1', post: post('P2', 'U1'), effectiveOn: '2021-06-01', reason: 'rotation', previousPostId: 'P1' });
    log.add('OfficerAssigned', {
      officerId: 'O1', post: fines, effectiveOn: '2021-06-01', reason: 'rotation', previousPostId: 'P2', ...(tenureSince ? { tenureSince } : {}),
    });
    return log;
  };
  t.match(holders(awayAndBack('2017-03-01')).get('O1'), { postId: 'P1', since: '2017-03-01', dueOn: '2022-03-01', effectiveDueOn: '2022-03-01' },
    'moved away and back the same day: still due five years after 2017-03-01');
  t.match(holders(awayAndBack()).get('O1'), { since: '2021-06-01', dueOn: '2026-06-01' },
    'an event written before the field existed (absent means null): a fresh tenure, as it was decided then');
  const stored = awayAndBack().recorded.at(-1)!;
  t.equal((toProjectedEvent(stored)!.data as { tenureSince: unknown }).tenureSince, null, 'projections read the absent field as null');
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, awayAndBack('2017-03-01').projected);
});

/** A change of a post, then its holders' records of it, as the register writes them (tenure: each holder's start on the post). */
function changePost(log: EventLog, before: ReturnType<typeof post>, change: { sensitive?: boolean; rotationPeriodMonths?: number | null; title?: string },
  holders: Record<string, string>, effectiveOn = '2021-06-01') {
  const after = { ...before, ...change };
  const { title, sensitive, rotationPeriodMonths } = before;
  const changed = log.add('PostChanged', {
    postId: before.postId, effectiveOn, reason: '局党组会议决定', title: after.title, sensitive: after.sensitive, rotationPeriodMonths: after.rotationPeriodMonths,
    previous: { title, sensitive, rotationPeriodMonths },
  });
  for (const [officerId, tenureSince] of Object.entries(holders)) {
    log.add('HeldPostChanged', {
      officerId, post: after, changeEventId: changed.id, effectiveOn, reason: '局党组会议决定', tenureSince: after.sensitive ? tenureSince : null,
    });
  }
  return after;
}

t.test('a post named sensitive puts its holders on the schedule, since the start of their tenure (not the change)', async (t) => {
  const log = registered();
  const patrol = post('P1', 'U1', { title: '路政巡查执法岗' });
  log.add('OfficerAssigned', { officerId: 'O1', post: patrol, effectiveOn: '2014-03-03', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O2', post: patrol, effectiveOn: '2019-07-15', reason: 'transfer', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O3', post: post('P2', 'U1'), effectiveOn: '2015-01-05', reason: 'appointment', previousPostId: null });
  t.equal(holders(log).size, 0, 'nobody on the schedule while no post is sensitive');
  // O2's holding continued an earlier tenure on the post (a return within 12 months): the change says so.
  changePost(log, patrol, { sensitive: true, rotationPeriodMonths: 60, title: '路政执法稽查岗' }, { O1: '2014-03-03', O2: '2018-11-01' }, '2021-06-01');
  const schedule = holders(log);
  t.same([...schedule.keys()].sort(), ['O1', 'O2'], 'the post\'s holders, not the officer on another post');
  t.same(schedule.get('O1'), {
    officerId: 'O1', officerName: '李明', postId: 'P1', postTitle: '路政执法稽查岗', unitId: 'U1', unitName: '第一执法大队', since: '2014-03-03', periodMonths: 60,
    dueOn: '2019-03-03', deferredUntil: null, deferralCount: 0, effectiveDueOn: '2019-03-03', lastWarningEducationOn: null,
    offPostTrainingSince: null, offPostTrainingUntil: null,
  }, 'since the day O1 took the post seven years ago, due five years after: long overdue');
  t.match(schedule.get('O2'), { since: '2018-11-01', dueOn: '2023-11-01' }, 'since the start of the tenure the holding continued');
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, log.projected);
});

t.test('a post no longer sensitive takes its holders off the schedule; a new period moves their due dates', async (t) => {
  const log = registered();
  const fines = post('P1', 'U1', { sensitive: true, months: 60, title: '罚没款管理岗' });
  const procurement = post('P2', 'U1', { sensitive: true, months: 60, title: '采购审核岗' });
  log.add('OfficerAssigned', { officerId: 'O1', post: fines, effectiveOn: '2017-03-01', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O2', post: procurement, effectiveOn: '2018-09-10', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O3', post: procurement, effectiveOn: '2020-01-06', reason: 'appointment', previousPostId: null });
  log.add('RotationDeferred', { officerId: 'O3', postId: 'P2', until: '2025-07-06', reason: '岗位急需', approvedBy: '局长' });
  t.same([...holders(log).keys()].sort(), ['O1', 'O2', 'O3']);

  changePost(log, fines, { sensitive: false }, { O1: '2017-03-01' });
  let schedule = holders(log);
  t.notOk(schedule.has('O1'), 'no longer sensitive: off the schedule');
  t.ok(schedule.has('O2') && schedule.has('O3'), 'holders of other posts stay');

  changePost(log, procurement, { rotationPeriodMonths: 36 }, { O2: '2018-09-10', O3: '2020-01-06' });
  schedule = holders(log);
  t.match(schedule.get('O2'), { since: '2018-09-10', periodMonths: 36, dueOn: '2021-09-10', effectiveDueOn: '2021-09-10', deferredUntil: null },
    'three years from the same start');
  t.match(schedule.get('O3'), { since: '2020-01-06', periodMonths: 36, dueOn: '2023-01-06', deferredUntil: '2025-07-06', effectiveDueOn: '2025-07-06' },
    'a deferral that still defers (within twice the new period) keeps its date');
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, log.projected);
});

t.test('status against today, with a configurable due-soon window', async (t) => {
  t.equal(rotationStatus('2021-05-05', '2021-05-06'), 'overdue');
  t.equal(rotationStatus('2021-05-06', '2021-05-06'), 'due_soon', 'due today is not yet overdue');
  t.equal(rotationStatus('2021-08-04', '2021-05-06'), 'due_soon', '90 days ahead');
  t.equal(rotationStatus('2021-08-05', '2021-05-06'), 'ok');
  t.equal(rotationStatus('2021-08-05', '2021-05-06', 120), 'due_soon');
  t.same(dueRangeOf('overdue', '2021-05-06'), { from: null, to: '2021-05-05' });
  t.same(dueRangeOf('due_soon', '2021-05-06'), { from: '2021-05-06', to: '2021-08-04' });
  t.same(dueRangeOf('ok', '2021-05-06'), { from: '2021-08-05', to: null });
});

// The reducer was made faster (asked only about the events it answers, the holder row left alone
// when the clock did not move, an officer's other sanctions kept out of evolveOfficer's copies): it
// must put the rows it put before, for any events. The reference below is the reducer as it was;
// both fold the same histories, row by row.

const REFERENCE_OFFICER_EVENT_TYPES: ReadonlySet<string> = new Set<OfficerEvent['type']>([
  'OfficerRegistered', 'QualificationGranted', 'OfficerAssigned', 'RotationDeferred', 'WarningEducationAttended',
  'SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised', 'OfficerRecordCorrected', 'HeldPostChanged',
]);

const referenceRotationSchedule: Projection<RotationTables> = {
  name: 'rotation_schedule',
  version: 2,
  tables: rotationScheduleProjection.tables,
  reduce(view, event) {
    if (event.type === 'UnitRegistered') return [put('units', event.data.unitId, { unitId: event.data.unitId, name: event.data.name })];
    if (!REFERENCE_OFFICER_EVENT_TYPES.has(event.type)) return [];
    const officerId = (event.data as { officerId: string }).officerId;
    const before = view.get('officers', officerId) ?? initialOfficerState;
    const after = referenceCompact(evolveOfficer(before, event as ProjectedEvent & OfficerEvent));
    const changes: Change<RotationTables>[] = [put('officers', officerId, after)];
    const previous = view.get('holders', officerId);
    const holder = holderOf(after, (unitId) => view.get('units', unitId)?.name ?? null);
    if (holder) changes.push(put('holders', officerId, holder));
    else if (previous) changes.push(remove('holders', officerId));
    return changes;
  },
};

function referenceCompact(state: OfficerState): OfficerState {
  if (!state.exists) return state;
  const last = state.postHistory[state.postHistory.length - 1];
  return {
    ...state,
    postHistory: last && last.to === null ? [last] : [],
    warningEducation: state.warningEducation.length === 0 ? [] : [state.warningEducation.reduce((latest, entry) => (entry.attendedOn > latest.attendedOn ? entry : latest))],
    corrections: [],
  };
}

t.test('the rows are those of the reducer as it was, over a seeded bureau', async (t) => {
  const events = await seededBureauEvents();
  const types = new Set<string>(events.map((e) => e.type));
  for (const type of ['UnitRegistered', 'OfficerAssigned', 'SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised']) {
    t.ok(types.has(type), `the bureau has ${type} events`);
  }
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, events);
});

t.test('the rows are those of the reducer as it was, over generated histories', async (t) => {
  for (const seed of [1, 2, 3]) foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, generatedHistory({ seed, officers: 30, cases: 200 }).projected);
});

t.test('the rows are those of the reducer as it was, in corner cases', async (t) => {
  const log = new EventLog();
  const sensitive = (postId: string, unitId: string) => post(postId, unitId, { sensitive: true, months: 36 });
  const takeEffect = (officerId: string, sanctionId: string, kind: SanctionKind, toPost: ReturnType<typeof post> | null = null) =>
    log.add('SanctionTookEffect', { officerId, caseId: 'C1', sanctionId, kind, capacity: 'subject', effectiveOn: '2021-05-01', untilOn: kind === 'off_post_training' ? '2021-06-01' : null, toPost });
  const revise = (officerId: string, sanctionId: string, appealId: string, outcome: 'reduced' | 'annulled', replacementKind: SanctionKind | null = null, toPost: ReturnType<typeof post> | null = null) =>
    log.add('SanctionRevised', { officerId, caseId: 'C1', sanctionId, appealId, outcome, replacementKind, decidedOn: '2021-05-20', toPost, untilOn: null });
  log.add('UnitRegistered', { unitId: 'U1', name: '第一执法大队', headOfficerId: null });
  const registrations = new Map<string, string>();
  for (const id of ['O1', 'O2', 'O3', 'O4', 'O5']) {
    registrations.set(id, log.add('OfficerRegistered', { officerId: id, name: `执法员${id}`, unitId: 'U1', hiredOn: '2010-01-01' }).id);
    log.add('QualificationGranted', { officerId: id, certificateNo: `C-${id}`, grantedOn: '2010-02-01' });
  }
  // Events of an officer never registered; warning education (the kept state keeps its latest day).
  log.add('QualificationGranted', { officerId: 'O9', certificateNo: 'C-O9', grantedOn: '2010-02-01' });
  takeEffect('O9', 'S90', 'dismissal');
  log.add('WarningEducationAttended', { officerId: 'O1', attendedOn: '2021-01-05', topic: '警示教育' });
  // A sensitive post in a unit registered only later: the name comes with the next event.
  log.add('OfficerAssigned', { officerId: 'O1', post: sensitive('P1', 'U2'), effectiveOn: '2019-03-31', reason: 'appointment', previousPostId: null });
  log.add('UnitRegistered', { unitId: 'U2', name: '超限检测站', headOfficerId: null });
  log.add('QualificationGranted', { officerId: 'O1', certificateNo: 'C-O1-2', grantedOn: '2021-01-01' });
  log.add('QualificationGranted', { officerId: 'O1', certificateNo: 'C-O1-3', grantedOn: '2021-01-02' });
  // Deferrals of another post and of this one; a correction of the name and of the unit.
  log.add('RotationDeferred', { officerId: 'O1', postId: 'P9', until: '2022-07-01', reason: '工作需要', approvedBy: '局长' });
  log.add('RotationDeferred', { officerId: 'O1', postId: 'P1', until: '2022-07-01', reason: '工作需要', approvedBy: '局长' });
  log.add('RotationDeferred', { officerId: 'O1', postId: 'P1', until: '2022-10-01', reason: '专项整治', approvedBy: '局党组' });
  log.add('OfficerRecordCorrected', { officerId: 'O1', correctsEventId: registrations.get('O1')!, reason: '姓名有误', changes: { name: '李明' } });
  log.add('OfficerRecordCorrected', { officerId: 'O2', correctsEventId: registrations.get('O2')!, reason: '单位有误', changes: { unitId: 'U2' } });
  // Sanctions: ids that are array indexes (they sort first) and names of Object.prototype's
  // members (a plain record "has" them); the same effect twice; a training completed, one unknown.
  takeEffect('O1', '10', 'criticism_education');
  takeEffect('O1', '2', 'off_post_training');
  takeEffect('O1', 'S1', 'criticism_education');
  takeEffect('O1', 'S1', 'criticism_education');
  takeEffect('O1', 'constructor', 'dismissal');
  takeEffect('O1', '__proto__', 'expulsion');
  log.add('OffPostTrainingCompleted', { officerId: 'O1', sanctionId: '2', completedOn: '2021-06-01' });
  log.add('OffPostTrainingCompleted', { officerId: 'O1', sanctionId: 'S99', completedOn: '2021-06-01' });
  log.add('OffPostTrainingCompleted', { officerId: 'O1', sanctionId: 'toString', completedOn: '2021-06-01' });
  // Sanctions that end the clock: revocation on an enforcement post, dismissal; a reassignment
  // onto a sensitive post starts one.
  log.add('OfficerAssigned', { officerId: 'O2', post: sensitive('P2', 'U1'), effectiveOn: '2019-01-01', reason: 'appointment', previousPostId: null });
  log.add('OfficerAssigned', { officerId: 'O3', post: sensitive('P3', 'U1'), effectiveOn: '2019-01-01', reason: 'appointment', previousPostId: null });
  takeEffect('O2', 'S2', 'qualification_revoked');
  takeEffect('O3', 'S3', 'dismissal');
  takeEffect('O4', 'S4', 'reassignment', sensitive('P4', 'U1'));
  // Appeals: the revocation annulled (qualification back, the post stays lost), the dismissal
  // annulled (back in service, without a post), a reassignment replacing a sanction, one applied twice.
  revise('O2', 'S2', 'A2', 'annulled');
  revise('O3', 'S3', 'A3', 'annulled');
  revise('O3', 'S3', 'A3', 'annulled');
  takeEffect('O5', 'S5', 'dismissal');
  revise('O5', 'S5', 'A5', 'reduced', 'reassignment', sensitive('P5', 'U2'));
  revise('O5', 'S55', 'A55', 'annulled');
  // Off the sensitive post by a transfer; registered a second time.
  log.add('OfficerAssigned', { officerId: 'O4', post: post('P6', 'U1'), effectiveOn: '2021-07-01', reason: 'transfer', previousPostId: 'P4' });
  log.add('OfficerRegistered', { officerId: 'O1', name: '李明', unitId: 'U1', hiredOn: '2010-01-01' });
  foldsAlike(t, referenceRotationSchedule, rotationScheduleProjection, log.projected);
  const schedule = holders(log);
  t.equal(schedule.get('O5')?.postId, 'P5', 'a reassignment on appeal starts a clock');
  t.notOk(schedule.has('O4'), 'a transfer ends one');
});
