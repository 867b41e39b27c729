import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { createCommandService } from '../../src/application/command-service.js';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { deferredProjectionRunner } from '../../src/operations/deferred-projection-runner.js';
import { digestReadModels } from '../../src/read-models/digest.js';
import { createProjectionRunner, type RunnerLogger } from '../../src/read-models/projection-runner.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';

// The read models' own file found damaged while the runner runs (a commit or a read of it meets
// SQLite's "database disk image is malformed"): retrying cannot mend it. The runner stops and says
// so; a new one sets the file aside and rebuilds the read models from the log. Here the runner on
// the request thread (as with EventStoreDB); the projection thread's case is in
// test/operations/failure-modes.test.ts.

const report = (n: number) => ({
  officerIds: ['O-ZHANG'], category: 'conduct' as const, channel: 'phone' as const, occurredOn: '2021-05-01', summary: `执法态度生硬（第${n}件）`,
});

/** Overwrites every page of the read models' tables and indexes: the file still opens (its schema and checkpoint are elsewhere). */
function damageTables(file: string): void {
  const inspect = new Database(file, { readonly: true });
  const pageSize = inspect.pragma('page_size', { simple: true }) as number;
  const pages = inspect.prepare("SELECT pageno FROM dbstat WHERE name <> 'sqlite_schema' AND name NOT LIKE '%rm_meta%'").pluck().all() as number[];
  inspect.close();
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}

function collectingLogger(): RunnerLogger & { lines: { level: string; message: string; details?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, details) => lines.push({ level: 'info', message, ...(details ? { details } : {}) }),
    warn: (message, details) => lines.push({ level: 'warn', message, ...(details ? { details } : {}) }),
    error: (message, details) => lines.push({ level: 'error', message, ...(details ? { details } : {}) }),
  };
}

t.test('a read-models file found damaged while the runner runs: set aside, rebuilt from the log by a new runner, and a wait for a position goes on across the two', async (t) => {
  const dir = t.testdir();
  const store = withHashChain(await openSqliteEventStore({ path: path.join(dir, 'events.db') }));
  t.teardown(() => store.close());
  const service = createCommandService({ store });
  await seedBureau(service);
  for (let n = 0; n < 5; n++) await service.reportCase(report(n), ctxAt('2021-06-01T10:00'));
  const file = path.join(dir, 'read-models.db');
  const first = createProjectionRunner({ store, database: { path: file } });
  first.start();
  t.ok(await first.waitUntilCaughtUp(10_000), 'the first runner caught up');
  await first.stop();
  damageTables(file);

  const logger = collectingLogger();
  const made: string[] = [];
  const readModels = deferredProjectionRunner(({ damaged, onDamaged }) => {
    made.push(damaged ? `damaged: ${damaged.message}` : 'at start');
    return createProjectionRunner({ store, database: { path: file, ...(damaged ? { damaged } : {}) }, logger, onDatabaseDamaged: onDamaged });
  });
  t.teardown(() => readModels.stop());
  readModels.start();
  t.ok(await readModels.waitUntilCaughtUp(10_000), 'caught up at start: nothing has read the damaged pages yet');
  t.same(readdirSync(dir).filter((name) => name.includes('.damaged-')), [], 'nothing set aside yet');

  // Applying the report reads the officer's rows: the damage is met, and the wait outlives the runner that met it.
  const written = await service.reportCase(report(99), ctxAt('2021-06-02T10:00'));
  t.ok(await readModels.waitForPosition(written.position, 10_000), 'the read models reach the write, rebuilt');
  t.equal(made.length, 2, 'a second runner, told of the damage');
  t.match(made[1], /^damaged: \w+__\w+: the row .* could not be read: SqliteError: database disk image is malformed$/, 'naming the row that could not be read');
  const aside = readdirSync(dir).filter((name) => name.startsWith('read-models.db.damaged-') && !/-(wal|shm)$/.test(name));
  t.equal(aside.length, 1, 'the damaged file is kept aside');
  const said = logger.lines.filter((line) => line.details?.['setAside'] !== undefined);
  t.equal(said.length, 1, 'one line says so');
  t.equal(said[0]?.level, 'warn', 'a warning');
  t.match(said[0]?.message, /found damaged while in use: set aside, rebuilding the read models from the start of the log/);
  t.equal(said[0]?.details?.['setAside'], path.join(dir, aside[0]!), 'naming where it was put');
  t.match(said[0]?.details?.['error'], /^ReadModelReadError: .*database disk image is malformed$/, 'and what SQLite said');
  t.same(logger.lines.filter((line) => line.level === 'error'), [], 'no failed commit or skipped event logged: the damaged row was never taken for a reducer\'s failure');
  t.equal(readModels.status().reducerFailures, 0, 'no reducer failed');

  const fresh = createProjectionRunner({ store, database: { path: path.join(dir, 'fresh.db') } });
  fresh.start();
  t.ok(await fresh.waitUntilCaughtUp(10_000), 'a fresh rebuild caught up');
  t.same(digestReadModels(readModels.database), digestReadModels(fresh.database), 'the rebuilt read models are those of a fresh rebuild');
  await fresh.stop();
});

t.test('without anyone to mend the file, the runner goes on as before: it logs the failure and retries', async (t) => {
  const dir = t.testdir();
  const store = withHashChain(await openSqliteEventStore({ path: path.join(dir, 'events.db') }));
  t.teardown(() => store.close());
  const service = createCommandService({ store });
  await seedBureau(service);
  const file = path.join(dir, 'read-models.db');
  const first = createProjectionRunner({ store, database: { path: file } });
  first.start();
  t.ok(await first.waitUntilCaughtUp(10_000));
  await first.stop();
  damageTables(file);

  const logger = collectingLogger();
  const runner = createProjectionRunner({ store, database: { path: file }, logger, initialBackoffMs: 10, maxBackoffMs: 20 });
  t.teardown(() => runner.stop());
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(10_000));
  const written = await service.reportCase(report(1), ctxAt('2021-06-02T10:00'));
  t.equal(await runner.waitForPosition(written.position, 500), false, 'the damaged file does not take the event');
  t.match(runner.status().lastError, /^(reading the read models|commit) failed: .*malformed/, 'and says why');
  t.ok(logger.lines.some((line) => line.level === 'warn' && /a row of the read models could not be read; the log is read again from the checkpoint after a pause/.test(line.message)), 'logged, and retried');
  t.equal(runner.status().reducerFailures, 0, 'a row that cannot be read is not a reducer\'s failure: the event is not applied without it');
  t.same(readdirSync(dir).filter((name) => name.includes('.damaged-')), [], 'the file is left where it is');
});
