import { randomUUID } from 'node:crypto';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, hr, seedBureau, TODAY, TOMORROW } from '../fixtures/http-bureau.js';
import { checkWriteRoute, expectRefused } from '../fixtures/write-route-checks.js';
import { addMonths } from '../../src/domain/shared/calendar.js';

t.test('POST /api/v1/officers', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers',
  allowed: ['hr', 'admin'],
  valid: async (_bureau, n) => ({ url: '/api/v1/officers', body: { officerId: `N${n}`, name: `新警员${n}`, unitId: 'U2', hiredOn: '2020-09-01' } }),
  invalid: { body: (v) => ({ ...v.body, hiredOn: '2021-13-01' }), field: 'hiredOn' },
  refusal: async () => ({ url: '/api/v1/officers', body: { officerId: 'O1', name: '重复', unitId: 'U1', hiredOn: '2020-09-01' }, rule: 'officer_already_registered' }),
  written: (event, request) => {
    t.equal(event.type, 'OfficerRegistered');
    t.equal(event.data.officerId, request.body.officerId);
  },
}));

t.test('POST /api/v1/officers/{officerId}/qualifications', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers/{officerId}/qualifications',
  allowed: ['hr'],
  valid: async (_bureau, n) => ({ url: '/api/v1/officers/O2/qualifications', body: { certificateNo: `豫交执-2021-${1000 + n}`, grantedOn: '2021-03-01' } }),
  invalid: { body: (v) => ({ ...v.body, certificateNo: '' }), field: 'certificateNo' },
  unknown: () => '/api/v1/officers/NOBODY/qualifications',
  refusal: async () => ({ url: '/api/v1/officers/O2/qualifications', body: { certificateNo: 'X-1', grantedOn: TOMORROW }, rule: 'date_in_future' }),
  written: (event) => t.equal(event.type, 'QualificationGranted'),
}));

t.test('POST /api/v1/officers/{officerId}/assignments', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers/{officerId}/assignments',
  allowed: ['hr'],
  valid: async (bureau, n) => {
    await bureau.definePost({ postId: `P-OFFICE-${n}`, unitId: 'U1', title: `内勤岗${n}`, enforcement: false, sensitive: false });
    return { url: '/api/v1/officers/O2/assignments', body: { postId: `P-OFFICE-${n}`, effectiveOn: '2021-05-01', reason: 'transfer' } };
  },
  invalid: { body: (v) => ({ ...v.body, reason: 'promotion' }), field: 'reason' },
  unknown: () => '/api/v1/officers/NOBODY/assignments',
  // O2 holds no qualification: an enforcement post is closed to them.
  refusal: async () => ({ url: '/api/v1/officers/O2/assignments', body: { postId: 'P-ENF', effectiveOn: '2021-05-01', reason: 'appointment' }, rule: 'qualification_required' }),
  written: (event) => t.equal(event.type, 'OfficerAssigned'),
}));

t.test('POST /api/v1/officers/{officerId}/rotation-deferrals', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers/{officerId}/rotation-deferrals',
  allowed: ['hr'],
  // O1 is on the sensitive post since 2019-06-01 (due 2024-06-01, deferred at most to 2029-06-01): each deferral moves it a month later.
  valid: async (_bureau, n) => ({ url: '/api/v1/officers/O1/rotation-deferrals', body: { until: addMonths('2024-07-01', n), reason: '专项整治期间保持稳定', approvedBy: 'bureau-chief' } }),
  invalid: { body: (v) => ({ ...v.body, approvedBy: undefined }), field: 'approvedBy' },
  unknown: (v) => v.url.replace('O1', 'NOBODY'),
  refusal: async () => ({ url: '/api/v1/officers/O2/rotation-deferrals', body: { until: '2030-01-01', reason: '原因', approvedBy: 'bureau-chief' }, rule: 'no_rotation_clock' }),
  written: (event) => t.equal(event.type, 'RotationDeferred'),
}));

t.test('POST /api/v1/officers/{officerId}/warning-education', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers/{officerId}/warning-education',
  allowed: ['hr'],
  valid: async (_bureau, n) => ({ url: '/api/v1/officers/O1/warning-education', body: { attendedOn: '2021-06-10', topic: `典型案例警示教育第${n}期` } }),
  invalid: { body: (v) => ({ ...v.body, topic: 42 }), field: 'topic' },
  unknown: (v) => v.url.replace('O1', 'NOBODY'),
  refusal: async () => ({ url: '/api/v1/officers/O1/warning-education', body: { attendedOn: TOMORROW, topic: '明天的课' }, rule: 'date_in_future' }),
  written: (event) => t.equal(event.type, 'WarningEducationAttended'),
}));

t.test('POST /api/v1/officers/{officerId}/training-completions', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/officers/{officerId}/training-completions',
  allowed: ['hr'],
  // A training imposed today without a planned end (one with an end is completed from that day on: see below).
  valid: async (bureau) => {
    const caseId = await bureau.substantiatedCase('O2');
    const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'off_post_training' });
    return { url: '/api/v1/officers/O2/training-completions', body: { sanctionId, completedOn: TODAY } };
  },
  invalid: { body: (v) => ({ ...v.body, completedOn: '15/06/2021' }), field: 'completedOn' },
  unknown: (v) => v.url.replace('O2', 'NOBODY'),
  refusal: async () => ({ url: '/api/v1/officers/O2/training-completions', body: { sanctionId: randomUUID(), completedOn: TODAY }, rule: 'not_off_post_training' }),
  written: (event) => t.equal(event.type, 'OffPostTrainingCompleted'),
}));

t.test('HR cannot complete an off-post training before the end its sanction set (409 training_before_planned_end, nothing written)', async (t) => {
  // The register's clock stands on TODAY while the training is imposed, then moves on.
  let now = fixedClock();
  const register = await startTestRegister(t, { clock: () => now });
  const bureau = await seedBureau(register);
  const caseId = await bureau.substantiatedCase('O1');
  // O1, on the enforcement post P-ENF, is sent to an off-post training from today for a month.
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O1', kind: 'off_post_training', untilOn: '2021-07-15' });
  const complete = (completedOn: string) => register.post('/api/v1/officers/O1/training-completions', { sanctionId, completedOn }, { as: hr });
  const trainingOf = async (position: string) =>
    (await register.get(`/api/v1/officers/O1/history?minPosition=${position}`, { as: hr })).json().state.training as { sanctionId: string; untilOn: string } | null;

  // The same day it was imposed: refused, and nothing written.
  const sameDay = await expectRefused(t, register, 409, () => complete(TODAY), 'completed the day it was imposed');
  t.match(sameDay.json(), { status: 409, rule: 'training_before_planned_end', detail: /2021-07-15/ }, 'the rule, and the planned end in the detail');
  const head = await register.head();
  t.match(await trainingOf(String(head)), { sanctionId, untilOn: '2021-07-15' }, 'the training is still in progress');
  // Nor can HR then put the officer back on a post while it runs.
  const back = await register.post('/api/v1/officers/O1/assignments', { postId: 'P-DESK', effectiveOn: TODAY, reason: 'transfer' }, { as: hr });
  t.match(back.json(), { status: 409, rule: 'off_post_training_in_progress' }, 'no post while the training runs');

  // A month later, the day before its planned end: still refused.
  now = now.set({ month: 7, day: 14 });
  await expectRefused(t, register, 409, () => complete('2021-07-14'), 'the day before its planned end');
  t.equal(await register.head(), head, 'nothing written by either refusal');

  // On its planned end: recorded, and the officer can be given a post from that day.
  now = now.set({ day: 15 });
  const completed = await complete('2021-07-15');
  t.equal(completed.statusCode, 201, completed.body);
  t.equal(await trainingOf((completed.json() as { position: string }).position), null, 'no training in progress any more');
  const assigned = await register.post('/api/v1/officers/O1/assignments', { postId: 'P-DESK', effectiveOn: '2021-07-15', reason: 'transfer' }, { as: hr });
  t.equal(assigned.statusCode, 201, assigned.body);
});

t.test('POST /api/v1/officers/{officerId}/corrections', async (t) => {
  let registrationId = '';
  await checkWriteRoute(t, {
    name: 'POST /api/v1/officers/{officerId}/corrections',
    allowed: ['hr'],
    valid: async (bureau, n) => {
      registrationId ||= (await bureau.events('officer-O2'))[0]!.id;
      return { url: '/api/v1/officers/O2/corrections', body: { correctsEventId: registrationId, reason: '姓名录入错误', changes: { name: `王芳${n}` } } };
    },
    invalid: { body: (v) => ({ ...v.body, changes: {} }), field: 'changes' },
    unknown: (v) => v.url.replace('O2', 'NOBODY'),
    refusal: async () => ({ url: '/api/v1/officers/O2/corrections', body: { correctsEventId: randomUUID(), reason: '错误', changes: { name: '王芳' } }, rule: 'correction_target_invalid' }),
    written: (event) => t.equal(event.type, 'OfficerRecordCorrected'),
  });
});

t.test('an HR user who is the officer named writes nothing to their own record (403, own_personnel_record)', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.substantiatedCase('O2');
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'off_post_training' });
  const herself = { sub: 'wang.hr', roles: ['hr' as const], officerId: 'O2' };
  const before = await register.head();
  const res = await register.post('/api/v1/officers/O2/training-completions', { sanctionId, completedOn: TODAY }, { as: herself });
  t.equal(res.statusCode, 403, 'she cannot end her own off-post training');
  t.match(res.json(), { status: 403, rule: 'own_personnel_record' });
  t.equal(await register.head(), before, 'nothing written');
  const colleague = await register.post('/api/v1/officers/O2/training-completions', { sanctionId, completedOn: TODAY }, { as: { ...herself, officerId: 'O1' } });
  t.equal(colleague.statusCode, 201, 'another member of HR records it');
});
