// The crash drill (`npm run soak`) beside a real register: the drilled register runs on the embedded
// store in the drill's own empty folder, whatever the operator's environment names (in the
// container, EVENT_STORE=esdb and the production EventStoreDB, whose log is append-only).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { signToken } from '../../src/http/token-signer.js';
import { runCrashDrill } from '../../src/operations/crash-drill/crash-drill.js';
import { assertEmptyDrillDirectory, drillEnvironment, startRegisterProcess } from '../../src/operations/crash-drill/register-process.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';

t.test('the environment: the embedded store in the drill\'s folder, its own key, nothing of the operator\'s store or identity provider', async (t) => {
  const environment = drillEnvironment({
    PATH: '/usr/bin', NODE_OPTIONS: '--enable-source-maps',
    EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false', ESDB_ANYTHING: 'x',
    DATA_DIR: '/data', JWT_SECRET: 'the production secret', JWT_PUBLIC_KEY: 'PEM', JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'register',
  }, { dataDir: '/tmp/drill', jwtSecret: 'drill-secret', env: { LOG_LEVEL: 'info', EVENT_STORE: 'esdb', DATA_DIR: '/data' } });
  t.equal(environment.EVENT_STORE, 'sqlite', 'the embedded store, even when asked otherwise');
  t.equal(environment.DATA_DIR, '/tmp/drill');
  t.equal(environment.JWT_SECRET, 'drill-secret');
  t.same(Object.keys(environment).filter((name) => name.startsWith('ESDB_') || (name.startsWith('JWT_') && name !== 'JWT_SECRET')), []);
  t.equal(environment.PATH, '/usr/bin', 'the rest is kept');
  t.equal(environment.NODE_OPTIONS, '--enable-source-maps');
  t.equal(environment.LOG_LEVEL, 'info', 'and the drill\'s own extras apply');
});

t.test('the drill runs only in an empty or absent folder', async (t) => {
  const dir = t.testdir();
  t.doesNotThrow(() => assertEmptyDrillDirectory(join(dir, 'absent')));
  mkdirSync(join(dir, 'empty'));
  t.doesNotThrow(() => assertEmptyDrillDirectory(join(dir, 'empty')));
  mkdirSync(join(dir, 'register'));
  writeFileSync(join(dir, 'register', 'read-models.db'), '');
  t.throws(() => assertEmptyDrillDirectory(join(dir, 'register')), /only in an empty or absent folder: .*register holds read-models\.db/);
  await t.rejects(runCrashDrill({ dataDir: join(dir, 'register'), rounds: 1, concurrency: 1, killAfterMs: [0, 0] }), /empty or absent folder/,
    'refused before any register is started');
});

t.test('with EVENT_STORE=esdb in the environment, the drilled register still writes to its own embedded store', async (t) => {
  const production = await startEsdbStandIn({ appendMode: 'batchAppend' });
  t.teardown(() => production.close());
  const saved = { EVENT_STORE: process.env.EVENT_STORE, ESDB_CONNECTION_STRING: process.env.ESDB_CONNECTION_STRING };
  process.env.EVENT_STORE = 'esdb';
  process.env.ESDB_CONNECTION_STRING = production.connectionString;
  t.teardown(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const dataDir = join(t.testdir(), 'drill');
  const secret = 'd'.repeat(43);
  const register = await startRegisterProcess({ dataDir, jwtSecret: secret });
  t.teardown(() => register.kill());
  const token = signToken({ sub: 'crash-drill', roles: ['hr'] }, { secret, expiresInSeconds: 600 });
  let written: Response | undefined;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    written = await fetch(`${register.url}/api/v1/units`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitId: 'DRILL-U1', name: '演练' }),
    });
    if (written.status !== 503) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(written?.status, 201, 'the drill\'s write was taken');
  t.equal(await register.stop(), 0);
  t.same(production.log.all.map((event) => event.streamName), [], 'nothing reached the EventStoreDB the environment named');
  t.ok(existsSync(join(dataDir, 'events.db')), 'the log is the embedded one in the drill\'s folder');
  const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
  t.teardown(() => store.close());
  t.same((await store.readStream('unit-DRILL-U1')).map((event) => event.type), ['UnitRegistered']);
});
