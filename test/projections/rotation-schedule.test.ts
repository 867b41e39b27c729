import t from 'tap';
import { foldInMemory } from '../../projections/projection.js';
import { dueRangeOf, rotationScheduleProjection, rotationStatus, type RotationHolder } from '../../projections/rotation-schedule.js';
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
    dueOn: '2022-03-31', deferredUntil: null, deferralCount: 0, effectiveDueOn: '2022-03-31',
  });
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
