import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';

// Only those handling a case see who reported it (DOMAIN.md). The head of a subject's unit on the
// day of the breach may neither verify the case nor record its finding, which would hold them
// accountable: they do not handle it, before the finding names them as after.

t.test('the head of a subject\'s unit on the day of the breach never sees the reporter', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const reporter = { name: '举报人赵某', contact: '13700000000', anonymous: false };
  const caseId = await bureau.reportCase(['O1'], { reporter });
  const read = async (as: Parameters<typeof register.get>[1] extends infer O ? O extends { as?: infer W } ? W : never : never) =>
    register.get(`/api/v1/cases/${caseId}?minPosition=${(await register.head())!}`, { as });
  const head = { sub: 'inspector-li-dui', roles: ['inspector' as const], officerId: 'H1' };

  const handling = await read(inspector);
  t.same(handling.json().reporter, reporter, 'the inspector handling it sees the reporter');
  t.equal(handling.json().concernsYou, false, 'and is told the case does not concern them');
  const beforeFinding = await read(head);
  t.equal(beforeFinding.statusCode, 200);
  t.notOk(beforeFinding.body.includes('举报人赵某') || beforeFinding.body.includes('13700000000'), 'not the head of U1 before the finding');
  t.equal(beforeFinding.json().concernsYou, true, 'who is told the case concerns them (their writes to it are refused)');
  t.equal((await read({ sub: 'inspector-o1', roles: ['inspector'], officerId: 'O1' })).json().concernsYou, true, 'as is its subject');

  await bureau.assignVerification(caseId);
  await bureau.recordFinding(caseId, 'unfounded');
  const afterUnfounded = await read(head);
  t.notOk(afterUnfounded.body.includes('举报人赵某'), 'nor after an unfounded finding, which flags nobody');
  t.equal(afterUnfounded.json().concernsYou, true);
  const other = await read({ sub: 'inspector-o3', roles: ['inspector'], officerId: 'O3' });
  t.same(other.json().reporter, reporter, 'an officer of another unit handling cases still does');
  t.equal(other.json().concernsYou, false);
});
