// Backup while the register serves, and restore: the backup (taken by `npm run backup` in another
// process while writes go on) restores to a log whose digest equals the source's at the backup's
// position, with its read models rebuilt and its idempotency records; restore refuses a non-empty
// DATA_DIR and a corrupted or altered backup, saying why, and leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { openIdempotencyStore } from '../../src/http/idempotency/idempotency-store.js';
import { sealerFor } from '../../src/integrity/seal.js';
import { backupManifestPath, BackupManifest } from '../../src/operations/backup-manifest.js';
import { backupSqliteStore } from '../../src/operations/backup.js';
import { fileFacts } from '../../src/operations/files.js';
import { digestLog } from '../../src/operations/log-digest.js';
import { restoreBackup, RestoreRefusedError } from '../../src/operations/restore.js';
import { silentPhases } from '../../src/operations/phase-reporter.js';
import { holdDataDir } from '../../src/operations/data-dir-lock.js';
import { digestReadModels } from '../../src/read-models/digest.js';
import { openReadModelDatabase } from '../../src/read-models/read-model-database.js';
import { rebuildReadModels } from '../../src/read-models/rebuild.js';
import { allProjections } from '../../projections/index.js';
import type { EventStore, RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore, SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { startTestRegister } from '../fixtures/http-app.js';
import { hr } from '../fixtures/http-bureau.js';
import { runScript } from '../fixtures/operations/run-script.js';
import { asAttacker } from '../fixtures/integrity/sqlite-attacker.js';
import { newEvent } from '../fixtures/conformance.js';

t.setTimeout(180_000);
const QUIET = { SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0' };

function scratch(t: { teardown(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The log up to a position, as a store that rebuildReadModels can read. */
function logUpTo(store: EventStore, upTo: bigint): EventStore {
  return {
    ...store,
    readAll: () => ({
      async *[Symbol.asyncIterator]() {
        for await (const event of store.readAll()) {
          if (event.position > upTo) return;
          yield event as RecordedEvent;
        }
      },
    }),
  };
}

interface Fixture {
  out: string;
  manifest: BackupManifest;
  scratchDir: string;
}

// One backup for the refusal tests below, taken from a small register.
async function smallBackup(t: Test): Promise<Fixture> {
  const register = await startTestRegister(t, { env: QUIET });
  for (let i = 0; i < 5; i += 1) await register.post('/api/v1/units', { unitId: `S-U${i}`, name: `小队${i}` }, { as: hr });
  const scratchDir = scratch(t, 'register-backup-');
  const out = join(scratchDir, 'small.backup');
  const { manifest } = await backupSqliteStore({ storePath: join(register.config.dataDir, 'events.db'), idempotencyPath: join(register.config.dataDir, 'idempotency.db'), out });
  await register.close();
  return { out, manifest, scratchDir };
}

t.test('a backup taken during concurrent writes restores to the source log at the backup position', async (t) => {
  const register = await startTestRegister(t, { env: QUIET });
  const dataDir = register.config.dataDir;
  for (let i = 0; i < 30; i += 1) {
    t.equal((await register.post('/api/v1/units', { unitId: `B-U${i}`, name: `备份前中队${i}` }, { as: hr })).statusCode, 201);
  }
  const keyed = await register.post('/api/v1/officers', { officerId: 'B-O1', name: '备份测试', unitId: 'B-U1', hiredOn: '2018-04-01' }, { as: hr, headers: { 'idempotency-key': 'before-backup' } });
  t.equal(keyed.statusCode, 201);
  const seal = await sealerFor(register.store).seal({ actor: 'auditor-sun', correlationId: randomUUID() });

  // Writes keep going, in this process, while `npm run backup` copies the store from another one.
  let writing = true;
  const answered: { at: number; position: bigint }[] = [];
  const writer = (async () => {
    for (let i = 0; writing; i += 1) {
      const response = await register.post('/api/v1/units', { unitId: `B-W${i}`, name: `备份中写入${i}` }, { as: hr });
      if (response.statusCode !== 201) throw new Error(`write ${i}: ${response.statusCode} ${response.body}`);
      answered.push({ at: Date.now(), position: BigInt((response.json() as { position: string }).position) });
    }
  })();
  const out = join(scratch(t, 'register-backup-'), 'register.backup');
  const started = Date.now();
  const run = await runScript('scripts/backup.ts', ['--out', out, '--data-dir', dataDir, '--json']);
  const ended = Date.now();
  while (answered.filter((write) => write.at > ended).length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
  writing = false;
  await writer;

  t.equal(run.code, 0, `npm run backup succeeded: ${run.stderr.slice(-500)}`);
  const manifest = BackupManifest.parse(JSON.parse(run.stdout.trim().split('\n').at(-1)!));
  t.same(manifest, JSON.parse(readFileSync(backupManifestPath(out), 'utf8')), 'the manifest beside the file says the same');
  const position = BigInt(manifest.log.lastPosition!);
  const during = answered.filter((write) => write.at > started && write.at < ended);
  t.ok(during.length > 0, `${during.length} writes were acknowledged while the backup ran`);
  t.ok(answered.some((write) => write.position > position), 'writes after the backup\'s position went on (they are not in it)');
  t.ok(answered.filter((write) => write.at < started).every((write) => write.position <= position), 'every write acknowledged before the backup started is in it');
  t.equal(manifest.log.latestSeal?.root, seal.root, 'the manifest names the latest seal');
  t.equal(manifest.verified?.ok, true, 'the copy verified when it was taken');
  t.equal(manifest.method, 'sqlite-vacuum-into');
  t.ok(manifest.idempotency, 'the idempotency records were backed up');

  const source = await digestLog(register.store, { upTo: position });
  t.equal(manifest.log.digest, source.sha256, 'the backup\'s digest is the source log\'s digest at the backup position');
  t.equal(manifest.log.events, source.events);

  const target = join(scratch(t, 'register-restore-'), 'data');
  const restored = await restoreBackup({ from: out, dataDir: target });
  t.equal(restored.digest, source.sha256, 'the restored log has the same digest');
  t.equal(restored.lastPosition, manifest.log.lastPosition);
  t.equal(restored.verified.seals, 1, 'the restored log verifies, its seal included');
  t.same(readdirSync(target).sort(), ['events.db', 'idempotency.db', 'read-models.db', 'register.lock'], 'DATA_DIR holds the store, the idempotency records, the rebuilt read models and the lock the restore held');

  const restoredStore = await openSqliteEventStore({ path: join(target, 'events.db') });
  try {
    t.equal((await digestLog(restoredStore)).sha256, source.sha256, 'reading the restored store again gives the same digest');
    t.equal(await restoredStore.headPosition(), position);
  } finally {
    await restoredStore.close();
  }

  // The read models are what the source's log at that position gives.
  const readModels = openReadModelDatabase({ path: join(target, 'read-models.db'), projections: allProjections });
  const expected = await rebuildReadModels({ store: logUpTo(register.store, position), path: join(scratch(t, 'register-rebuild-'), 'rm.db') });
  try {
    t.equal(readModels.checkpoint(), position, 'the read models are built up to the backup position');
    t.same(digestReadModels(readModels), digestReadModels(expected.database), 'and equal a rebuild of the source log at that position');
  } finally {
    readModels.close();
    expected.database.close();
  }

  const idempotency = openIdempotencyStore(join(target, 'idempotency.db'));
  try {
    const answer = idempotency.find({ key: 'before-backup', actor: hr.sub, route: 'POST /api/v1/officers' });
    t.equal(answer?.body, keyed.body, 'the idempotency answer of a write before the backup came back');
  } finally {
    idempotency.close();
  }

  // The register runs on the restored DATA_DIR: ready, and a retried request gets its first answer.
  const again = await startTestRegister(t, { env: { ...QUIET, DATA_DIR: target } });
  t.equal((await again.get('/readyz')).statusCode, 200);
  const retried = await again.post('/api/v1/officers', { officerId: 'B-O1', name: '备份测试', unitId: 'B-U1', hiredOn: '2018-04-01' }, { as: hr, headers: { 'idempotency-key': 'before-backup' } });
  t.equal(retried.statusCode, 201);
  t.equal(retried.headers['idempotency-replayed'], 'true');
  t.equal(retried.body, keyed.body);
});

t.test('restore refuses a DATA_DIR that is not empty and touches nothing in it', async (t) => {
  const { out } = await smallBackup(t);
  const target = scratch(t, 'register-occupied-');
  writeFileSync(join(target, 'events.db'), 'someone else\'s data');
  const run = await runScript('scripts/restore.ts', ['--from', out, '--data-dir', target]);
  t.equal(run.code, 2, 'exit status 2');
  t.match(run.stderr, /restore refused: DATA_DIR .* is not empty \(events\.db\)\. A restore never overwrites anything/);
  t.same(readdirSync(target), ['events.db']);
  t.equal(readFileSync(join(target, 'events.db'), 'utf8'), 'someone else\'s data', 'untouched');
});

t.test('the register does not start where a restore was cut off before its log was in place', async (t) => {
  const dataDir = scratch(t, 'register-interrupted-');
  mkdirSync(join(dataDir, '.restore-in-progress'));
  writeFileSync(join(dataDir, '.restore-in-progress', 'events.db'), 'half copied');
  await t.rejects(startTestRegister(t, { dataDir, env: QUIET }), { name: 'InterruptedRestoreError', message: /remove .*\.restore-in-progress and run npm run restore again/ });
  t.same(readdirSync(dataDir), ['.restore-in-progress'], 'no empty log was begun beside it');
  // As the message says: remove the staging folder and restore again (`npm start` may have left its development key).
  const { out } = await smallBackup(t);
  rmSync(join(dataDir, '.restore-in-progress'), { recursive: true });
  writeFileSync(join(dataDir, 'dev-jwt-secret'), 'development key');
  t.match(await restoreBackup({ from: out, dataDir }), { events: 5 }, 'the restore goes through beside the development key');
  // Cut off after the log was moved in: what is left in the staging folder is redundant, the register starts.
  const restored = scratch(t, 'register-restored-');
  rmSync(restored, { recursive: true, force: true });
  await restoreBackup({ from: out, dataDir: restored });
  mkdirSync(join(restored, '.restore-in-progress'));
  const register = await startTestRegister(t, { dataDir: restored, env: QUIET });
  t.equal((await register.get('/healthz')).statusCode, 200);
});

t.test('restore refuses a corrupted or altered backup, saying what is wrong, and leaves DATA_DIR as it was', async (t) => {
  const { out, manifest, scratchDir } = await smallBackup(t);
  const variant = async (name: string, change: (file: string) => Promise<void> | void, fixManifest: boolean) => {
    const file = join(scratchDir, `${name}.backup`);
    copyFileSync(out, file);
    copyFileSync(`${out}.idempotency.db`, `${file}.idempotency.db`);
    await change(file);
    let facts = manifest;
    if (fixManifest) {
      // Someone (or a bug) rewrote the manifest to match the damaged file: the deeper checks must catch it.
      let digest;
      const db = new Database(file, { readonly: true });
      try {
        digest = await digestLog(new SqliteEventStore(db));
      } catch {
        // Unreadable: keep the old log facts; the file's own facts are still rewritten below.
        digest = { sha256: manifest.log.digest, events: manifest.log.events, lastPosition: manifest.log.lastPosition };
      } finally {
        db.close();
      }
      facts = {
        ...manifest,
        store: { ...(await fileFacts(file)), file: `${name}.backup` },
        log: { ...manifest.log, digest: digest.sha256, events: digest.events, lastPosition: digest.lastPosition?.toString() ?? null },
      };
    }
    writeFileSync(backupManifestPath(file), JSON.stringify(facts));
    return file;
  };

  const flipped = await variant('flipped', (file) => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, Math.floor(statSync(file).size / 2));
    closeSync(fd);
  }, false);
  const target = join(scratchDir, 'target');
  const run = await runScript('scripts/restore.ts', ['--from', flipped, '--data-dir', target]);
  t.equal(run.code, 2);
  t.match(run.stderr, /restore refused: The backup file .* is corrupted or was altered: it has \d+ bytes with sha256 [0-9a-f]{64}, its manifest says/);
  t.notOk(existsSync(target), 'nothing was created');

  const noManifest = join(scratchDir, 'orphan.backup');
  copyFileSync(out, noManifest);
  await t.rejects(restoreBackup({ from: noManifest, dataDir: target }), { name: 'RestoreRefusedError', message: /has no manifest beside it/ });

  const truncated = await variant('truncated', (file) => truncateSync(file, Math.floor(statSync(file).size / 2)), true);
  await t.rejects(restoreBackup({ from: truncated, dataDir: target }), { name: 'RestoreRefusedError', message: /corrupted|cannot be opened|not a readable|malformed/ });
  t.notOk(existsSync(target));

  const tampered = await variant('tampered', (file) => {
    const db = new Database(file);
    for (const trigger of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${trigger}"`);
    db.prepare("UPDATE events SET data = json_set(data, '$.name', '伪造') WHERE stream = 'unit-S-U2'").run();
    db.close();
  }, true);
  const refusal = await restoreBackup({ from: tampered, dataDir: target }).catch((error: unknown) => error);
  t.type(refusal, RestoreRefusedError);
  t.match((refusal as Error).message, /does not verify: changed at stream unit-S-U2, revision 0/, 'the verifier names the altered event');
  t.notOk(existsSync(target), 'nothing was restored');

  const manifestLies = await variant('lies', () => undefined, false);
  const lying = JSON.parse(readFileSync(backupManifestPath(manifestLies), 'utf8')) as BackupManifest;
  writeFileSync(backupManifestPath(manifestLies), JSON.stringify({ ...lying, log: { ...lying.log, events: lying.log.events + 1 } }));
  await t.rejects(restoreBackup({ from: manifestLies, dataDir: target }), { message: /does not match the manifest: \d+ events/ });
});

t.test('a log with an event that cannot be read: the backup is written and kept as evidence (exit 1), and restore refuses it', async (t) => {
  const register = await startTestRegister(t, { env: QUIET });
  for (let i = 0; i < 3; i += 1) await register.post('/api/v1/units', { unitId: `D-U${i}`, name: `小队${i}` }, { as: hr });
  const dataDir = register.config.dataDir;
  await register.close();
  let damaged = '';
  asAttacker(join(dataDir, 'events.db'), (db) => {
    db.prepare('UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = 2').run();
    damaged = db.prepare('SELECT data FROM events WHERE position = 2').pluck().get() as string;
  });
  const scratchDir = scratch(t, 'register-damaged-');
  const out = join(scratchDir, 'damaged.backup');

  const run = await runScript('scripts/backup.ts', ['--out', out, '--data-dir', dataDir, '--json']);
  t.equal(run.code, 1, `exit 1: written, but the log does not verify: ${run.stderr.slice(-500)}`);
  const printed = JSON.parse(run.stdout) as BackupManifest & { file: string };
  t.match(printed, { log: { events: 3, lastPosition: '3', digest: /^[0-9a-f]{64}$/ } });
  t.match(printed.verified, { ok: false, events: 3, problem: /^changed at stream unit-D-U1, revision 0, position 2, .*cannot be read: its data is not valid JSON/ });
  t.ok(existsSync(out), 'the copy is kept');
  t.same(BackupManifest.parse(JSON.parse(readFileSync(backupManifestPath(out), 'utf8'))).verified, printed.verified, 'and its manifest says what is wrong');
  const copy = new Database(out, { readonly: true });
  t.teardown(() => copy.close());
  t.equal(copy.prepare('SELECT data FROM events WHERE position = 2').pluck().get(), damaged, 'the damaged event as it was found: evidence');

  const target = join(scratchDir, 'target');
  await t.rejects(restoreBackup({ from: out, dataDir: target }), {
    name: 'RestoreRefusedError', message: /does not verify: changed at stream unit-D-U1, revision 0, position 2/,
  });
  t.notOk(existsSync(target), 'nothing was restored');
});

t.test('backup refuses a DATA_DIR whose events.db is not the register\'s store, naming it, and writes nothing', async (t) => {
  const scratchDir = scratch(t, 'backup-foreign-');
  const cases: [string, (path: string) => void, RegExp][] = [
    ['not SQLite', (path) => writeFileSync(path, 'hello\n'), /is not an event store of the register: file is not a database/],
    ['an empty file', (path) => writeFileSync(path, ''), /is not an event store of the register \(no schema version\)/],
    ['another SQLite file', (path) => { const db = new Database(path); db.exec('CREATE TABLE other (x)'); db.close(); }, /is not an event store of the register \(no schema version\)/],
    ['a newer register\'s store', (path) => { const db = new Database(path); db.pragma('user_version = 999'); db.close(); }, /schema version 999/],
  ];
  for (const [what, make, message] of cases) {
    const dataDir = join(scratchDir, what.replaceAll(/\W/g, '-'));
    mkdirSync(dataDir);
    make(join(dataDir, 'events.db'));
    const out = join(scratchDir, `${what.replaceAll(/\W/g, '-')}.backup`);
    const run = await runScript('scripts/backup.ts', ['--out', out, '--data-dir', dataDir]);
    t.equal(run.code, 2, `${what}: exit 2`);
    t.match(run.stderr, /^backup refused: /, `${what}: refused, not failed`);
    t.match(run.stderr, message, what);
    t.notMatch(run.stderr, /\n\s+at /, `${what}: no stack trace`);
    t.same(readdirSync(scratchDir).filter((name) => name.includes('.backup')), [], `${what}: no backup file, no partial one`);
  }
});

t.test('a store whose file is damaged: the backup fails in one line saying what to do, exit 2, and writes nothing', async (t) => {
  const scratchDir = scratch(t, 'backup-damaged-');
  const dataDir = join(scratchDir, 'data');
  const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
  for (let i = 0; i < 300; i += 1) await store.append(`unit-D${i}`, [newEvent('UnitRegistered', { text: 'x'.repeat(200) })], { expectedRevision: 'no_stream' });
  await store.close();
  // Pages in the middle of the file overwritten (a failing disk): SQLite reads it as malformed.
  const fd = openSync(join(dataDir, 'events.db'), 'r+');
  writeSync(fd, Buffer.alloc(4 * 4096, 0xa5), 0, 4 * 4096, 8 * 4096);
  closeSync(fd);
  const out = join(scratchDir, 'damaged.backup');
  const run = await runScript('scripts/backup.ts', ['--out', out, '--data-dir', dataDir]);
  t.equal(run.code, 2, 'exit 2: nothing written');
  t.match(run.stderr, /^backup failed: the store cannot be read, its file is damaged \(SQLite: .*malformed.*\); no backup was written\. Keep the file as evidence and restore the latest backup into a new DATA_DIR \(npm run restore\)\.\n/);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  t.same(readdirSync(scratchDir), ['data'], 'no backup file, no partial one');
});

t.test('damaged idempotency records: the backup says it is that file, not the log, and what to do', async (t) => {
  const scratchDir = scratch(t, 'backup-damaged-idempotency-');
  const dataDir = join(scratchDir, 'data');
  const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
  await store.append('unit-D1', [newEvent('UnitRegistered', { text: 'x' })], { expectedRevision: 'no_stream' });
  await store.close();
  const records = new Database(join(dataDir, 'idempotency.db'));
  records.exec('CREATE TABLE filler (text TEXT)');
  const insert = records.prepare('INSERT INTO filler VALUES (?)');
  for (let i = 0; i < 300; i += 1) insert.run('y'.repeat(200));
  records.close();
  const fd = openSync(join(dataDir, 'idempotency.db'), 'r+');
  writeSync(fd, Buffer.alloc(4 * 4096, 0xa5), 0, 4 * 4096, 4 * 4096);
  closeSync(fd);
  const run = await runScript('scripts/backup.ts', ['--out', join(scratchDir, 'b.backup'), '--data-dir', dataDir]);
  t.equal(run.code, 2, 'exit 2: nothing written');
  t.match(run.stderr, /^backup refused: the idempotency records .*idempotency\.db cannot be read, their file is damaged \(SQLite: .*\); the log was not copied, and is not said to be damaged\. Move that file aside/);
  t.notMatch(run.stderr, /restore the latest backup/, 'no advice to restore the log from a backup');
  t.same(readdirSync(scratchDir), ['data'], 'no backup file, no partial one');
});

t.test('a DATA_DIR written to while the backup is checked (a register run there meanwhile) is refused, and left as it is', async (t) => {
  const { out, scratchDir } = await smallBackup(t);
  const dataDir = join(scratchDir, 'target');
  const someoneElses = 'a log written while the restore checked the backup';
  const restoring = restoreBackup({
    from: out, dataDir,
    phases: (label) => {
      // Empty when the restore began; written to before it takes the folder's lock.
      if (label === 'checksum') {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, 'events.db'), someoneElses);
      }
      return silentPhases(label);
    },
  });
  await t.rejects(restoring, { name: 'RestoreRefusedError', message: /is not empty \(events\.db\)/ });
  t.equal(readFileSync(join(dataDir, 'events.db'), 'utf8'), someoneElses, 'what was written there is untouched');
  t.doesNotThrow(() => holdDataDir(dataDir, 'the register').release(), 'and the restore let go of the lock');
});

t.test('an empty --data-dir is a usage error, not DATA_DIR or ./data', async (t) => {
  const { out, scratchDir } = await smallBackup(t);
  const fallback = join(scratchDir, 'fallback');
  mkdirSync(fallback);
  const restored = await runScript('scripts/restore.ts', ['--from', out, '--data-dir', ''], { DATA_DIR: fallback });
  t.equal(restored.code, 2, 'restore: exit 2');
  t.match(restored.stderr, /^--data-dir needs a folder\nusage: npm run restore/);
  t.same(readdirSync(fallback), [], 'nothing restored into DATA_DIR');
  const backedUp = await runScript('scripts/backup.ts', ['--out', join(scratchDir, 'other.backup'), '--data-dir='], { DATA_DIR: fallback });
  t.equal(backedUp.code, 2, 'backup: exit 2');
  t.match(backedUp.stderr, /^--data-dir needs a folder\nusage: npm run backup/);
  t.notOk(existsSync(join(scratchDir, 'other.backup')));
});

t.test('backup and restore refuse an EVENT_STORE the register does not know, as the register does, and write nothing', async (t) => {
  const { out, scratchDir } = await smallBackup(t);
  const target = join(scratchDir, 'target');
  const restored = await runScript('scripts/restore.ts', ['--from', out, '--data-dir', target], { EVENT_STORE: 'sqlte' });
  t.equal(restored.code, 2, 'restore: exit 2');
  t.match(restored.stderr, /^EVENT_STORE must be "sqlite" or "esdb", not "sqlte"/);
  t.notOk(existsSync(target), 'nothing restored');
  const restoredToEsdb = await runScript('scripts/restore.ts', ['--from', out, '--data-dir', target], { EVENT_STORE: 'esdb' });
  t.equal(restoredToEsdb.code, 2, 'restore with EVENT_STORE=esdb: exit 2');
  t.match(restoredToEsdb.stderr, /EventStoreDB, which takes its own backups/);
  t.notOk(existsSync(target), 'nothing restored');
  const backedUp = await runScript('scripts/backup.ts', ['--out', join(scratchDir, 'other.backup')], { EVENT_STORE: 'sqlte' });
  t.equal(backedUp.code, 2, 'backup: exit 2');
  t.match(backedUp.stderr, /^EVENT_STORE must be "sqlite" or "esdb", not "sqlte"/);
  t.notOk(existsSync(join(scratchDir, 'other.backup')));
});

t.test('backup refuses to overwrite, and refuses a missing store', async (t) => {
  const { out, scratchDir } = await smallBackup(t);
  await t.rejects(backupSqliteStore({ storePath: join(scratchDir, 'none', 'events.db'), out: join(scratchDir, 'other.backup') }), { message: /There is no store at/ });
  mkdirSync(join(scratchDir, 'empty'));
  const run = await runScript('scripts/backup.ts', ['--out', out, '--data-dir', join(scratchDir, 'empty')]);
  t.equal(run.code, 2);
  t.match(run.stderr, /backup refused: .* already exists; a backup never overwrites a file/);
  const esdb = await runScript('scripts/backup.ts', ['--out', join(scratchDir, 'x')], { EVENT_STORE: 'esdb' });
  t.equal(esdb.code, 2);
  t.match(esdb.stderr, /EventStoreDB, which takes its own backups/);
  // The section it names is there.
  const [, guide, heading] = /See (\S+), "([^"]+)"/.exec(esdb.stderr) ?? [];
  t.match(readFileSync(join(import.meta.dirname, '../..', guide ?? 'README.md'), 'utf8'), new RegExp(`^## ${heading ?? 'no heading named'}`, 'm'));
});
