import { join } from 'node:path';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, seedBureau } from '../fixtures/http-bureau.js';
import { asAttacker, insertEvent, liftPositionCheck } from '../fixtures/integrity/sqlite-attacker.js';
import { forge } from '../fixtures/integrity/tamper.js';

// A forged event below position 1 (as in below-first-position.test.ts), then the first seal after a
// restart: its heads come from the stream ends read from the file, which must leave such rows out.
t.test('the first seal after a restart does not commit to a forged event below position 1', async (t) => {
  const dataDir = t.testdir();
  const first = await startTestRegister(t, { clock: fixedClock, dataDir });
  const bureau = await seedBureau(first);
  const caseId = await bureau.reportCase(['O1']);
  t.equal((await first.post('/api/v1/audit/seals', {}, { as: auditor })).statusCode, 201);
  const head = (await first.store.readStream(`case-${caseId}`)).at(-1)!;
  const secret = first.secret;
  await first.close();
  const forged = forge(head, 'EvidenceAttached', { caseId, evidenceId: 'e-forged', description: 'x', reference: null, sha256: null }, -1n);
  asAttacker(join(dataDir, 'events.db'), (db) => { liftPositionCheck(db); insertEvent(db, forged); });

  const register = await startTestRegister(t, { clock: fixedClock, dataDir, secret });
  const sealed = await register.post('/api/v1/audit/seals', {}, { as: auditor });
  t.equal(sealed.statusCode, 201);
  const after = (await register.get('/api/v1/audit/verify', { as: auditor })).json() as { problems: { kind: string }[] };
  t.ok(after.problems.some((p) => p.kind === 'inserted'), 'the forged event is named');
  t.notOk(after.problems.some((p) => p.kind === 'seal_mismatch'), 'and the register\'s own new seal verifies');
});
