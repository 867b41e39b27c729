import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { admin, auditor, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';

// GET /api/v1/officers: the roster (花名册) HR keeps in spreadsheets today, as the register has it
// now: unit, post, qualification, service, training, and the sanctions on each officer's record.

t.test('the roster lists every officer as they stand, filtered, paged and as CSV', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  // O1 (qualified, on the sensitive post P-ENF since 2019-06-01) is sent to off-post training; O3 is dismissed.
  const trained = await bureau.substantiatedCase('O1');
  await bureau.imposeSanction(trained, { officerId: 'O1', kind: 'off_post_training', untilOn: '2021-09-15' });
  const serious = await bureau.reportCase(['O3']);
  await bureau.assignVerification(serious);
  await bureau.recordFinding(serious, 'substantiated', 'serious');
  await bureau.imposeSanction(serious, { officerId: 'O3', kind: 'dismissal' });
  // O2 is granted a qualification, and loses it to a sanction.
  await register.post('/api/v1/officers/O2/qualifications', { certificateNo: '豫交执-2017-0002', grantedOn: '2017-01-01' }, { as: hr });
  const revoked = await bureau.substantiatedCase('O2');
  await bureau.imposeSanction(revoked, { officerId: 'O2', kind: 'qualification_revoked' });
  const head = (await register.head())!;
  const roster = async (query = '', as: typeof hr = hr) => register.get(`/api/v1/officers?minPosition=${head}${query}`, { as });
  const ids = async (query: string) => (await roster(query)).json().items.map((o: { officerId: string }) => o.officerId);

  const all = await roster();
  t.equal(all.statusCode, 200);
  t.equal(all.json().total, 4);
  t.same(all.json().items.map((o: { officerId: string }) => o.officerId), ['H1', 'O1', 'O2', 'O3'], 'every officer, by id');
  const o1 = all.json().items[1];
  t.match(o1, {
    officerId: 'O1', name: '张伟', unitId: 'U1', unitName: '县交通运输综合行政执法大队一中队', hiredOn: '2015-03-01', inService: true, separation: null,
    qualified: true, certificateNo: '豫交执-2016-0001', qualifiedSince: '2016-01-01', qualificationRevokedOn: null,
    postId: 'P-ENF', postTitle: '路政执法岗', postSince: '2019-06-01', enforcementPost: true, sensitivePost: true, rotationDueOn: '2024-06-01',
    offPostTrainingSince: '2021-06-15', offPostTrainingUntil: '2021-09-15',
    sanctions: [{ caseId: trained, kind: 'off_post_training', capacity: 'subject', effectiveOn: '2021-06-15' }],
  }, 'O1: on the sensitive post, qualified, in off-post training until 15 September');
  t.match(all.json().items[2], { officerId: 'O2', qualified: false, certificateNo: null, qualificationRevokedOn: '2021-06-15', sanctions: [{ kind: 'qualification_revoked' }] },
    'O2: qualification revoked by a sanction');
  t.match(all.json().items[3], { officerId: 'O3', inService: false, separation: { kind: 'dismissal', effectiveOn: '2021-06-15' }, qualified: false, postId: null, rotationDueOn: null });

  t.same(await ids('&unitId=U1'), ['H1', 'O1', 'O2'], 'one unit');
  t.same(await ids('&inService=false'), ['O3'], 'who left service');
  t.same(await ids('&inService=true&qualified=false'), ['H1', 'O2'], 'in service without an enforcement qualification');
  t.same(await ids('&postId=P-ENF'), ['O1'], 'who holds a post');
  t.same(await ids('&search=%E5%BC%A0'), ['O1'], 'part of a name (张)');
  t.same(await ids('&search=O'), ['O1', 'O2', 'O3'], 'part of an id');

  const first = (await roster('&limit=3')).json();
  t.same([first.items.length, first.total], [3, 4]);
  const second = (await roster(`&limit=3&cursor=${first.nextCursor}`)).json();
  t.same([second.items.map((o: { officerId: string }) => o.officerId), second.nextCursor], [['O3'], null], 'the next page ends the roster');
  t.equal((await roster('&cursor=nonsense')).statusCode, 400, 'a cursor the register did not hand out');

  const csv = await roster('&format=csv&unitId=U1');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  t.match(lines[0], /^人员编号,姓名,单位编号,单位,入职日期,在职,/, 'a Chinese header row');
  t.equal(lines.length, 4, 'a header and the three officers of U1');
  t.match(lines[2], /^O1,张伟,U1,.*,是,.*豫交执-2016-0001.*,2021-06-15,2021-09-15,离岗培训 2021-06-15,/, 'O1\'s row: qualified, training until 15 September, the sanction');

  const accepted = await register.app.inject({ method: 'GET', url: `/api/v1/officers?minPosition=${head}&unitId=U2`, headers: { authorization: `Bearer ${register.token(hr)}`, accept: 'text/csv' } });
  t.match(accepted.headers['content-type'], /^text\/csv/, 'Accept: text/csv gives the CSV too');
  t.match(accepted.headers.vary, /Accept/);
  t.equal((await roster('', inspector)).statusCode, 200, 'inspectors read it');
  t.equal((await roster('', auditor)).statusCode, 200, 'auditors read it');
  t.equal((await roster('', admin)).statusCode, 403, 'administrators do not');
  t.equal((await register.app.inject({ method: 'GET', url: '/api/v1/officers' })).statusCode, 401);
  const misspelt = await roster('&inservice=true');
  t.equal(misspelt.statusCode, 400, 'a filter the route does not take is named, not ignored');
});
