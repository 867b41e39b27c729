// Failure modes of the running register, on real storage where we can: a store that cannot be
// opened, a data directory that fills up, one that is read-only when the register starts, a commit
// thread that stops and a writer that cannot be opened again, and EventStoreDB out of reach (the protocol stand-in, NOT EventStoreDB, stopped and started again).
// In each: writes answer 503 with a problem document and write nothing, nothing is acknowledged
// that is not in the log, /readyz says not ready and why, and the register recovers by itself.
import { mkdirSync, openSync, closeSync, writeSync, readdirSync, rmSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import t, { type Test } from 'tap';
import { verifyStore } from '../../src/integrity/store-source.js';
import { terminateCommitThread } from '../../src/store/sqlite/commit-thread.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/sqlite/schema.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { auditor, hr } from '../fixtures/http-bureau.js';
import { canMountTmpfs, mountTmpfs } from '../fixtures/operations/tmpfs.js';

const QUIET = { SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0' };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, describe: () => Promise<string> = async () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assertUnavailable(t: Test, response: LightMyRequestResponse, what: string): void {
  t.equal(response.statusCode, 503, `${what}: 503`);
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${what}: a problem document`);
  const body = response.json() as { status: number; type: string; detail: string };
  t.equal(body.status, 503);
  t.equal(body.type, '/problems/unavailable');
  t.match(body.detail, /nothing was written/i);
  t.ok(response.headers['retry-after'], `${what}: Retry-After`);
}

/** A damaged store: 503, nothing written, and what to do (restore the latest backup), not a retry that cannot mend it. */
function assertDamaged(t: Test, response: LightMyRequestResponse, what: string): void {
  t.equal(response.statusCode, 503, `${what}: 503`);
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${what}: a problem document`);
  const body = response.json() as { status: number; type: string; detail: string };
  t.equal(body.type, '/problems/store-damaged', `${what}: the store is damaged`);
  t.match(body.detail, /damaged; nothing was written\. Writes are refused until it is restored from the latest backup/, `${what}: says what to do`);
  t.notMatch(body.detail, /retry later/i, `${what}: not told to retry later`);
  t.notOk(response.headers['retry-after'], `${what}: no Retry-After`);
}

interface Readiness {
  status: string;
  checks: Record<string, { ok: boolean; reason?: string; state?: string; attempts?: number; nextAttemptAt?: string | null; lastError?: string; lagSeconds?: number; lagEvents?: number }>;
}

async function readiness(register: TestRegister): Promise<{ statusCode: number; body: Readiness }> {
  const response = await register.get('/readyz');
  return { statusCode: response.statusCode, body: response.json() as Readiness };
}

async function waitUntilReady(register: TestRegister, timeoutMs = 20_000): Promise<Readiness> {
  return until('the register to be ready', async () => {
    const ready = await readiness(register);
    return ready.statusCode === 200 ? ready.body : undefined;
  }, timeoutMs, async () => JSON.stringify((await readiness(register)).body));
}

let unitCounter = 0;
const registerUnit = (register: TestRegister, headers: Record<string, string> = {}) => {
  unitCounter += 1;
  return register.post('/api/v1/units', { unitId: `FM-U${unitCounter}`, name: `故障演练第${unitCounter}中队` }, { as: hr, headers });
};

async function metric(register: TestRegister, name: string): Promise<number | undefined> {
  const text = (await register.get('/metrics')).body;
  const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Every 201 answer must name an event of its unit's stream at its position. */
async function assertAcknowledgedInLog(t: Test, register: TestRegister, acknowledged: { id: string; position: string }[]): Promise<void> {
  const byPosition = new Map<string, string>();
  for await (const event of register.store.readAll()) byPosition.set(event.position.toString(), event.streamName);
  const missing = acknowledged.filter((ack) => byPosition.get(ack.position) !== `unit-${ack.id}`);
  t.same(missing, [], `all ${acknowledged.length} acknowledged writes are in the log at their positions`);
  const verified = await verifyStore(register.store);
  t.ok(verified.ok, 'the log verifies');
}

t.test('a store that cannot be opened: the register starts, answers 503, says why, and opens it when it can', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-unopenable-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // Something that is not a database stands where the store's file should be.
  mkdirSync(join(dataDir, 'events.db'));
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });

  t.equal((await register.get('/healthz')).statusCode, 200, 'alive');
  const notReady = await readiness(register);
  t.equal(notReady.statusCode, 503);
  t.equal(notReady.body.status, 'not_ready');
  t.equal(notReady.body.checks.eventStore?.ok, false);
  t.equal(notReady.body.checks.eventStore?.state, 'opening');
  t.match(notReady.body.checks.eventStore?.reason, /could not be opened/, 'readiness names the reason');
  assertUnavailable(t, await registerUnit(register), 'a write');
  assertUnavailable(t, await registerUnit(register, { 'idempotency-key': 'fm-key-1' }), 'a write with an Idempotency-Key');
  t.equal(await metric(register, 'register_event_store_up'), 0, '/metrics: register_event_store_up 0');
  // Said at start, before the app's logger existed: the line is kept for it, not lost.
  t.ok(register.logs.some((line) => /the event store is not available; retrying with backoff/.test(line) && /could not be opened/.test(line)), 'the log says why, from the start');

  rmSync(join(dataDir, 'events.db'), { recursive: true });
  const ready = await waitUntilReady(register);
  t.equal(ready.checks.eventStore?.ok, true, 'ready by itself once the file can be opened');
  t.equal(ready.checks.projections?.lagEvents, 0, 'readiness includes the projection lag');
  const written = await registerUnit(register, { 'idempotency-key': 'fm-key-1' });
  t.equal(written.statusCode, 201, 'writes work again (the refused key was never recorded)');
  t.equal(await metric(register, 'register_event_store_up'), 1);
  await assertAcknowledgedInLog(t, register, [written.json()]);
});

t.test('a store file that is not a database: not ready, and what to do (restore a backup), not a retry that cannot mend it', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-damaged-store-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // The store's first page overwritten: SQLite no longer takes the file for a database.
  const fd = openSync(join(dataDir, 'events.db'), 'w');
  writeSync(fd, Buffer.alloc(8192, 0x5a));
  closeSync(fd);
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  const notReady = await readiness(register);
  t.equal(notReady.statusCode, 503);
  t.match(notReady.body.checks.eventStore?.reason, /could not be opened: file is not a database\. The store's file is damaged: stop the register, keep the file as evidence, and restore the latest backup \(npm run restore\)/);
  assertDamaged(t, await registerUnit(register), 'a write');
  assertDamaged(t, await registerUnit(register, { 'idempotency-key': 'fm-damaged-1' }), 'a write with an Idempotency-Key');
  t.ok(register.logs.some((line) => /restore the latest backup/.test(line)), 'and the log says so');
});

/**
 * A register of 300 units whose store file then had a page in the middle overwritten (a failing
 * disk, a careless copy): the file still opens. With `readModelsRebuilt`, its read models were
 * removed too (as new projection versions would have them rebuilt): the projection thread reads the
 * log again from the start, and meets the damage before anything else does.
 */
async function registerOnDamagedPage(t: Test, options: { readModelsRebuilt?: boolean } = {}): Promise<TestRegister> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-damaged-page-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  for (let i = 0; i < 300; i++) t.equal((await registerUnit(first)).statusCode, 201);
  const secret = first.secret;
  await first.close();
  const file = join(dataDir, 'events.db');
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(statSync(file).size / 2 / 4096) * 4096);
  closeSync(fd);
  if (options.readModelsRebuilt) for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-models.db${suffix}`), { force: true });
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir }, secret });
  if (!options.readModelsRebuilt) t.equal((await readiness(register)).statusCode, 200, 'ready: nothing has read the damaged page yet');
  return register;
}

/** Once the damage was met: not ready, writes refused, with what to do, and no probe to let writes go on. */
async function assertStaysDamaged(t: Test, register: TestRegister): Promise<void> {
  // Probes would read the head and write a test file, and pass: they no longer run.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const damaged = await readiness(register);
  t.equal(damaged.statusCode, 503, 'not ready, and it stays so');
  t.equal(damaged.body.checks.eventStore?.state, 'damaged');
  t.match(damaged.body.checks.eventStore?.reason, /malformed\. The store's file is damaged: stop the register, keep the file as evidence, and restore the latest backup \(npm run restore\)/);
  t.equal(damaged.body.checks.eventStore?.nextAttemptAt, null, 'no probe scheduled');
  assertDamaged(t, await registerUnit(register), 'a write after the damage was met');
  t.ok(register.logs.some((line) => /the event store's file is damaged: writes are refused/.test(line)), 'logged as an error');
}

t.test('a store file damaged inside (a page overwritten): once a seal meets the damage, writes stay refused with what to do, never resumed on it', async (t) => {
  const register = await registerOnDamagedPage(t);
  // A seal reads the whole log through the store: it meets the damage, and is told so.
  assertDamaged(t, await register.post('/api/v1/audit/seals', {}, { as: auditor }), 'the seal that met the damage');
  await assertStaysDamaged(t, register);
});

t.test('the same damage met by a verification (which reads the file on a thread of its own): writes stop too', async (t) => {
  const register = await registerOnDamagedPage(t);
  assertDamaged(t, await register.get('/api/v1/audit/verify', { as: auditor }), 'the verification that met the damage');
  await assertStaysDamaged(t, register);
});

t.test('a store file whose header is overwritten while the register runs, met first by a verification opening it on its thread: writes stop too', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-damaged-header-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  for (let i = 0; i < 20; i++) t.equal((await registerUnit(first)).statusCode, 201);
  const secret = first.secret;
  // Closed: the log is all in the file (no WAL), so its first page is read from the file.
  await first.close();
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir }, secret });
  t.equal((await readiness(register)).statusCode, 200, 'ready');
  // The register's connections keep the first page they read; a connection opened now meets the damage.
  const fd = openSync(join(dataDir, 'events.db'), 'r+');
  writeSync(fd, Buffer.alloc(16, 0x5a), 0, 16, 0);
  closeSync(fd);
  t.not((await register.get('/api/v1/audit/verify', { as: auditor })).statusCode, 200, 'the verification fails');
  const damaged = await readiness(register);
  t.equal(damaged.statusCode, 503, 'not ready');
  t.equal(damaged.body.checks.eventStore?.state, 'damaged');
  t.match(damaged.body.checks.eventStore?.reason, /file is not a database\. The store's file is damaged: stop the register, keep the file as evidence, and restore the latest backup \(npm run restore\)/);
  assertDamaged(t, await registerUnit(register), 'a write after the damage was met');
});

t.test('the same damage met only by the projections (reading the log on a thread of their own, to rebuild the read models): writes stop too', async (t) => {
  const register = await registerOnDamagedPage(t, { readModelsRebuilt: true });
  // Nothing but the projection thread reads the log meanwhile (/readyz and /metrics would: they
  // measure the projections' lag by reading the events after their checkpoint).
  const met = await until('the projection thread to meet the damage', async () => register.logs
    .map((line) => JSON.parse(line) as { msg: string; error?: string })
    .find((line) => line.msg === 'the subscription to the log failed; resubscribing after a pause' && /malformed/.test(line.error ?? '')));
  t.match(met.error, /database disk image is malformed/, 'the projection thread read the damaged page');
  assertDamaged(t, await registerUnit(register), 'the first write after it');
  await assertStaysDamaged(t, register);
});

t.test('the read models\' own file damaged inside, met by the projection thread: the read models\' problem, not the store\'s (writes go on); the file is set aside and rebuilt from the log, and reads are right again', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-damaged-read-model-mended-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  const units: { unitId: string; name: string }[] = [];
  const written: { statusCode: number }[] = [];
  const unit = async (target: TestRegister) => {
    const response = await registerUnit(target);
    written.push(response);
    units.push({ unitId: `FM-U${unitCounter}`, name: `故障演练第${unitCounter}中队` });
    return response;
  };
  for (let i = 0; i < 50; i++) await unit(first);
  // Every write in the read models (ready allows a lag): the next register has nothing to apply at start.
  await until('the read models to include every write', async () => ((await readiness(first)).body.checks.projections?.lagEvents === 0 ? true : undefined));
  const secret = first.secret;
  await first.close();
  const file = join(dataDir, 'read-models.db');
  // Every page of the tables a unit's registration changes overwritten; the file still opens (its
  // schema and checkpoint are elsewhere), so it is not set aside at start.
  const inspect = new Database(file, { readonly: true });
  const pageSize = inspect.pragma('page_size', { simple: true }) as number;
  const pages = inspect.prepare("SELECT pageno FROM dbstat WHERE name LIKE '%\\_\\_units%' ESCAPE '\\'").pluck().all() as number[];
  inspect.close();
  t.ok(pages.length > 0, 'the units tables have pages to damage');
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);

  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir }, secret });
  const logged = () => register.logs.map((line) => JSON.parse(line) as { level: number; component?: string; msg: string; error?: string; setAside?: string });
  t.equal((await waitUntilReady(register)).checks.projections?.ok, true, 'ready at start: nothing has read the damaged pages yet');
  // The projections read the unit's rows to apply its registration: they meet the damage.
  await unit(register);
  const said = await until('the read models file to be set aside', async () => logged().find((line) => line.setAside !== undefined));
  t.equal(said.level, 40, 'said once, as a warning');
  t.equal(said.component, 'projections', 'by the projections');
  t.match(said.msg, /found damaged while in use: set aside, rebuilding the read models from the start of the log/);
  t.match(said.error, /database disk image is malformed/, 'with what SQLite said');
  const aside = readdirSync(dataDir).filter((name) => name.startsWith('read-models.db.damaged-') && !/-(wal|shm)$/.test(name));
  t.equal(aside.length, 1, 'the damaged file is kept aside');
  t.equal(said.setAside, join(dataDir, aside[0]!), 'the line names where it was put');

  // Writes meanwhile, and an officer whose history names the unit (read from a rebuilt units table).
  await unit(register);
  const officer = await register.post('/api/v1/officers', { officerId: 'FM-O1', name: '修复演练', unitId: units[0]!.unitId, hiredOn: '2019-05-01' }, { as: hr });
  written.push(officer);
  const position = (officer.json() as { position: string }).position;
  const history = await register.get(`/api/v1/officers/FM-O1/history?minPosition=${position}`, { as: hr });
  t.equal(history.statusCode, 200, 'a read waiting for the last write is answered');
  t.equal((history.json() as { state: { unitName: string | null } }).state.unitName, units[0]!.name, 'from the rebuilt read models: the unit\'s name');
  const directory = await register.get(`/web/directory.json?minPosition=${position}`, { as: hr });
  t.same((directory.json() as { units: { id: string; name: string }[] }).units.map(({ id, name }) => ({ unitId: id, name })).sort((a, b) => a.unitId.localeCompare(b.unitId)),
    [...units].sort((a, b) => a.unitId.localeCompare(b.unitId)), 'the units list holds every unit, before and after the damage');
  const ready = await waitUntilReady(register);
  t.equal(ready.checks.projections?.lagEvents, 0, 'caught up with the log again');
  t.equal(ready.checks.eventStore?.state, 'available', 'the store is fine');

  t.same(written.map((response) => response.statusCode).filter((status) => status !== 201), [], `all ${written.length} writes answered 201`);
  t.equal(logged().filter((line) => line.setAside !== undefined).length, 1, 'set aside once');
  t.notOk(register.logs.some((line) => /the event store's file is damaged/.test(line)), 'the store is not said to be damaged');
  t.notOk(logged().some((line) => /read-model commit failed|reducer failed/.test(line.msg)), 'no commit retried on the damaged file, no event skipped as a reducer\'s failure');
});

t.test('read models that cannot be opened at start: the log says so and why, with the line the app logger did not yet exist for', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-unopenable-read-models-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  mkdirSync(join(dataDir, 'read-models.db'));
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  const notReady = await readiness(register);
  t.equal(notReady.statusCode, 503);
  t.match(notReady.body.checks.projections?.lastError, /the read models could not be opened/);
  const said = register.logs.map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string })
    .find((line) => line.msg === 'the read models are not available; retrying with backoff');
  t.ok(said, 'logged');
  t.equal(said?.level, 40, 'as a warning');
  t.match(said?.reason, /the read models could not be opened/);

  rmSync(join(dataDir, 'read-models.db'), { recursive: true });
  await waitUntilReady(register);
  t.ok(register.logs.some((line) => /the read models are available again/.test(line)));
});

t.test('a read-models file damaged while the register was stopped: set aside and rebuilt from the log, not unready for ever', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-damaged-read-models-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  const written = [await registerUnit(first), await registerUnit(first)].map((response) => response.json() as { id: string; position: string });
  await waitUntilReady(first);
  await first.close();
  // Its header overwritten: SQLite says "file is not a database".
  const fd = openSync(join(dataDir, 'read-models.db'), 'r+');
  writeSync(fd, Buffer.from('not a database any more, not at all'), 0, 35, 0);
  closeSync(fd);

  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  const ready = await waitUntilReady(register);
  t.equal(ready.checks.projections?.lagEvents, 0, 'caught up with the log');
  t.equal((ready.checks.projections as { position?: string } | undefined)?.position, written[1]!.position, 'rebuilt up to the last write');
  t.equal((await register.get('/api/v1/cases', { as: { roles: ['inspector'] } })).statusCode, 200, 'reads are answered');
  const aside = readdirSync(dataDir).filter((name) => /^read-models\.db\.damaged-/.test(name));
  t.equal(aside.length, 1, 'the damaged file is kept aside');
  const said = register.logs.map((line) => JSON.parse(line) as { level: number; msg: string; setAside?: string }).find((line) => line.setAside !== undefined);
  t.equal(said?.level, 40, 'a warning');
  t.match(said?.msg, /could not be read .*set aside, rebuilding the read models from the start of the log/);
  t.equal(said?.setAside, join(dataDir, aside[0]!), 'naming where it was put');
});

t.test('a full data directory: 503 and nothing acknowledged until there is room again', { skip: canMountTmpfs() === true ? false : canMountTmpfs() }, async (t) => {
  const disk = mountTmpfs(3 * 1024);
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: disk.dir } });
  t.teardown(async () => {
    await register.close();
    await disk.unmount();
  });
  const acknowledged: { id: string; position: string }[] = [];
  for (let i = 0; i < 5; i += 1) {
    const response = await registerUnit(register);
    t.equal(response.statusCode, 201);
    acknowledged.push(response.json());
  }

  // Fill the file system to the last byte.
  const filler = join(disk.dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(16 * 1024));
  } catch (error) {
    t.equal((error as NodeJS.ErrnoException).code, 'ENOSPC', 'the data directory is full');
  } finally {
    closeSync(fd);
  }

  // Writes go on until the store's next commit needs room it does not have.
  let refused: LightMyRequestResponse | undefined;
  for (let i = 0; i < 500 && !refused; i += 1) {
    const response = await registerUnit(register);
    if (response.statusCode === 201) acknowledged.push(response.json());
    else refused = response;
  }
  t.ok(refused, 'a write was refused once the disk was full');
  assertUnavailable(t, refused!, 'the write that met the full disk');
  const head = await register.head();
  assertUnavailable(t, await registerUnit(register), 'the next write');
  t.equal(await register.head(), head, 'refused writes left the log as it was');
  const notReady = await readiness(register);
  t.equal(notReady.statusCode, 503);
  t.equal(notReady.body.checks.eventStore?.state, 'unavailable');
  t.match(notReady.body.checks.eventStore?.reason, /full|ENOSPC|no space/i, `readiness says why: ${notReady.body.checks.eventStore?.reason}`);

  rmSync(filler);
  await waitUntilReady(register);
  const written = await registerUnit(register);
  t.equal(written.statusCode, 201, 'writes work again once there is room');
  acknowledged.push(written.json());
  await assertAcknowledgedInLog(t, register, acknowledged);
});

t.test('a read-only data directory at start: the register starts, refuses writes, and recovers when it becomes writable', { skip: canMountTmpfs() === true ? false : canMountTmpfs() }, async (t) => {
  const disk = mountTmpfs(8 * 1024);
  disk.remount('ro');
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: disk.dir } });
  t.teardown(async () => {
    await register.close();
    await disk.unmount();
  });
  const notReady = await readiness(register);
  t.equal(notReady.statusCode, 503);
  t.match(notReady.body.checks.eventStore?.reason, /could not be opened/);
  t.match(notReady.body.checks.idempotency?.reason, /could not be opened/, 'the idempotency records say why too');
  t.match(notReady.body.checks.projections?.lastError, /read models could not be opened/, 'and the read models');
  assertUnavailable(t, await registerUnit(register), 'a write');
  assertUnavailable(t, await registerUnit(register, { 'idempotency-key': 'ro-key' }), 'a write with an Idempotency-Key');
  const read = await register.get('/api/v1/rotation-schedule', { as: hr });
  t.equal(read.statusCode, 503, 'reads of the read models answer 503 too');

  disk.remount('rw');
  await waitUntilReady(register, 30_000);
  const written = await registerUnit(register, { 'idempotency-key': 'ro-key' });
  t.equal(written.statusCode, 201, 'writes work once the directory is writable');
  const again = await register.post('/api/v1/units', { unitId: `FM-U${unitCounter}`, name: `故障演练第${unitCounter}中队` }, { as: hr, headers: { 'idempotency-key': 'ro-key' } });
  t.equal(again.headers['idempotency-replayed'], 'true', 'and idempotency records are kept again');
  const schedule = await register.get(`/api/v1/rotation-schedule?minPosition=${(written.json() as { position: string }).position}`, { as: hr });
  t.equal(schedule.statusCode, 200, 'reads answer again');
  await assertAcknowledgedInLog(t, register, [written.json()]);
});

t.test('the commit thread stopped and the writer cannot be opened again: 503, not ready and why, until it can', async (t) => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-commit-thread-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const register = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: dataDir } });
  await waitUntilReady(register);
  const first = await registerUnit(register);
  t.equal(first.statusCode, 201);

  await terminateCommitThread();
  // A file from a newer register: a new commit thread refuses to open it for writing.
  const side = new Database(join(dataDir, 'events.db'));
  t.teardown(() => side.close());
  side.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
  assertUnavailable(t, await registerUnit(register), 'a write');
  // Probes read the head and write in the folder, both fine here: only the writer says otherwise.
  const notReady = await until('a probe that failed to reopen the writer', async () => {
    const ready = await readiness(register);
    return (ready.body.checks.eventStore?.attempts ?? 0) >= 2 ? ready : undefined;
  });
  t.equal(notReady.statusCode, 503, 'not ready while the store cannot write');
  t.match(notReady.body.checks.eventStore?.reason, /commit thread stopped, and the store could not be opened for writing on a new one/, 'readiness names the reason');

  side.pragma(`user_version = ${CURRENT_SCHEMA_VERSION}`);
  await waitUntilReady(register);
  const written = await registerUnit(register);
  t.equal(written.statusCode, 201, 'writes work again on a new commit thread');
  await assertAcknowledgedInLog(t, register, [first.json(), written.json()]);
});

t.test('EventStoreDB out of reach (protocol stand-in, not EventStoreDB): 503 until it is back', async (t) => {
  const standIn = await startEsdbStandIn({ appendMode: 'batchAppend' });
  t.teardown(() => standIn.close());
  await standIn.stop();
  const register = await startTestRegister(t, {
    env: { ...QUIET, EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: standIn.connectionString },
  });

  const missing = await readiness(register);
  t.equal(missing.statusCode, 503, 'not ready while EventStoreDB cannot be reached at start');
  t.match(missing.body.checks.eventStore?.reason, /UNAVAILABLE|ECONNREFUSED|unavailable/);
  assertUnavailable(t, await registerUnit(register), 'a write while EventStoreDB is missing');
  t.equal(standIn.log.all.length, 0, 'nothing reached the server');

  await standIn.restart();
  await waitUntilReady(register);
  const first = await registerUnit(register);
  t.equal(first.statusCode, 201, 'writes once EventStoreDB is reachable');

  // It goes away while the register runs.
  await standIn.stop();
  const during = await registerUnit(register);
  assertUnavailable(t, during, 'a write while EventStoreDB is gone');
  const gone = await readiness(register);
  t.equal(gone.statusCode, 503);
  t.equal(gone.body.checks.eventStore?.state, 'unavailable');
  const stored = standIn.log.all.length;

  await standIn.restart();
  await waitUntilReady(register);
  const after = await registerUnit(register);
  t.equal(after.statusCode, 201, 'and writes again once it is back');
  t.equal(standIn.log.all.length, stored + 1, 'the refused write was never written; the new one was');
  await assertAcknowledgedInLog(t, register, [first.json(), after.json()]);
});

t.test('EventStoreDB restored from an older backup under a DATA_DIR that kept its read models: not ready, and says what to do', async (t) => {
  const before = await startEsdbStandIn({ appendMode: 'batchAppend' });
  t.teardown(() => before.close());
  const dataDir = mkdtempSync(join(os.tmpdir(), 'register-esdb-restore-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...QUIET, EVENT_STORE: 'esdb', DATA_DIR: dataDir };
  const first = await startTestRegister(t, { env: { ...env, ESDB_CONNECTION_STRING: before.connectionString } });
  for (let i = 0; i < 3; i += 1) t.equal((await registerUnit(first)).statusCode, 201);
  await waitUntilReady(first);
  await first.close();

  // The "restored" server holds less of the log than the read models in DATA_DIR have seen.
  const restored = await startEsdbStandIn({ appendMode: 'batchAppend' });
  t.teardown(() => restored.close());
  const second = await startTestRegister(t, { env: { ...env, ESDB_CONNECTION_STRING: restored.connectionString } });
  t.equal((await registerUnit(second)).statusCode, 201, 'the log itself takes writes');
  const answer = await readiness(second);
  t.equal(answer.statusCode, 503);
  t.equal(answer.body.checks.projections?.ok, false);
  t.match(answer.body.checks.projections?.reason, /beyond the end of the log .*remove read-models\.db and idempotency\.db/);
  for (let i = 0; i < 4; i += 1) t.equal((await registerUnit(second)).statusCode, 201);
  const later = await readiness(second);
  t.equal(later.statusCode, 503, 'still not ready once the restored log has grown past the read models (they skipped what it took meanwhile)');
});
