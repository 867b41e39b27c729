// The commit thread: a store on a file writes through a connection on a thread of its own. Appends
// from many callers are answered in order, each once its transaction is durable; a commit that
// fails there fails its appends and nothing else; the thread never holds a process open that has
// nothing left to commit; and when the thread stops, the store goes on writing on a new one.

import t from 'tap';
import { execFile } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { EventToAppend } from '../../src/store/event-store.js';
import { terminateCommitThread } from '../../src/store/sqlite/commit-thread.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/sqlite/schema.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { childEnvironment } from '../fixtures/child-environment.js';
import { collect, newEvent } from '../fixtures/conformance.js';
import { canMountTmpfs, mountTmpfs } from '../fixtures/operations/tmpfs.js';

const run = promisify(execFile);
const dir = t.testdir();
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

t.test('appends of many callers are each answered with where they landed, and share transactions', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  t.teardown(() => store.close());
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, index) =>
      store.append(`officer-${index % 30}`, [newEvent('OfficerRegistered', { index })], { expectedRevision: 'any' }),
    ),
  );
  const log = await collect(store.readAll());
  t.equal(log.length, 300, 'every append written once');
  for (const [index, result] of results.entries()) {
    const event = log[Number(result.position) - 1];
    t.equal(event?.data['index'], index, `append ${index} was answered with its own position`);
    t.equal(event?.revision, result.nextExpectedRevision);
  }
  t.ok(store.stats.commits < 300, `fewer transactions (${store.stats.commits}) than appends`);
  t.equal(store.stats.appends, 300);
});

t.test('a script that appends and never closes the store ends by itself, its appends durable', async (t) => {
  const child = join(import.meta.dirname, '../fixtures/commit-thread-child.ts');
  const path = newPath();
  const awaited = await run(process.execPath, ['--import', 'tsx', child, path, '50', 'await'], { env: childEnvironment(), timeout: 60_000 });
  t.match(awaited.stdout, /50 acknowledged/, 'the thread stayed up while it owed answers');
  const leftOpen = newPath();
  await run(process.execPath, ['--import', 'tsx', child, leftOpen, '20', 'leave'], { env: childEnvironment(), timeout: 60_000 });
  t.pass('and the process ended with the store still open');
  const store = await openSqliteEventStore({ path: leftOpen });
  t.teardown(() => store.close());
  t.equal((await collect(store.readAll())).length, 20, 'what it appended before ending was committed');
});

t.test('a full disk fails the commit on the commit thread; acknowledged appends stay, and the store recovers', { skip: canMountTmpfs() === true ? false : canMountTmpfs() }, async (t) => {
  const disk = mountTmpfs(2 * 1024);
  const store = await openSqliteEventStore({ path: join(disk.dir, 'events.db') });
  t.teardown(async () => {
    await store.close();
    await disk.unmount();
  });
  const written = await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const filler = join(disk.dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(4 * 1024));
  } catch {
    // Full to the last block.
  } finally {
    closeSync(fd);
  }
  const big = { text: 'x'.repeat(50_000) };
  const attempts = await Promise.allSettled(
    Array.from({ length: 5 }, (_, index) => store.append(`case-${index}`, [newEvent('CaseReported', big)], { expectedRevision: 'no_stream' })),
  );
  for (const attempt of attempts) t.type(attempt.status === 'rejected' && attempt.reason, StoreUnavailableError, 'refused as unavailable, never acknowledged');
  const reason = attempts[0]?.status === 'rejected' ? (attempts[0].reason as Error) : undefined;
  t.match((reason?.cause as { code?: string } | undefined)?.code, /^SQLITE_(FULL|IOERR)/, `SQLite's own error is the cause: ${reason?.message}`);
  t.same((await collect(store.readAll())).map((event) => event.position), [written.position], 'only the acknowledged append is there');

  rmSync(filler);
  t.equal((await store.append('case-0', [newEvent('CaseReported', big)], { expectedRevision: 'no_stream' })).nextExpectedRevision, 0n, 'appends work again once there is room');
});

t.test('when the commit thread stops, what it had not answered fails as maybe written; a retry with the same ids writes each event once, and the store goes on on a new thread', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  // Another connection holds the write lock, so no append can be answered before the thread stops.
  const blocker = new Database(path);
  blocker.exec('BEGIN IMMEDIATE');
  const appends = Array.from({ length: 400 }, (_, index) => ({ stream: `case-${index}`, events: [newEvent('CaseReported', { index })] }));
  const attempts = appends.map(({ stream, events }) => store.append(stream, events, { expectedRevision: 'no_stream' }));
  await new Promise((resolve) => setImmediate(resolve));
  // The thread waits for the lock inside SQLite; it stops as soon as it is back in JavaScript.
  const stopped = terminateCommitThread();
  blocker.exec('ROLLBACK');
  blocker.close();
  await stopped;
  const settled = await Promise.allSettled(attempts);
  const failed = settled.flatMap((attempt, index) => (attempt.status === 'rejected' ? [{ index, reason: attempt.reason as Error }] : []));
  t.equal(failed.length, appends.length, `appends in flight when the thread stopped failed (${failed.length} of ${appends.length})`);
  const maybeWritten = /commit thread stopped before this append was answered, so it may or may not have been written; retrying it with the same event ids is safe/;
  t.same(failed.filter(({ reason }) => !(reason instanceof StoreUnavailableError && maybeWritten.test(reason.message))), [], 'each failed as unavailable, maybe written, safe to retry');
  t.match(failed[0]?.reason.message, /\(The store's commit thread stopped \(exit code 1\)\)/, 'and says how the thread stopped');
  t.equal(store.stats.commitThreadStops, 1, 'the stop is counted (the register exports it as a metric)');

  const retried = await Promise.all(failed.map(({ index }) => store.append(appends[index]!.stream, appends[index]!.events, { expectedRevision: 'no_stream' })));
  t.ok(retried.every((result) => result.nextExpectedRevision === 0n), 'every retry is answered as the first event of its stream');
  const later = await store.append('case-later', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  t.equal(later.nextExpectedRevision, 0n, 'a new append is written on the new thread');

  const log = await collect(store.readAll());
  t.equal(log.length, appends.length + 1, 'each event written exactly once');
  const ids = new Set(log.map((event) => event.id));
  t.equal(ids.size, log.length, 'no event id twice');
  t.same(appends.filter(({ events }) => !ids.has(events[0]!.id)), [], 'every append is in the log');
});

t.test('a writer that cannot be opened on the new thread fails appends clearly, says so when asked, and is tried again', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  await store.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  await terminateCommitThread();

  // A file from a newer register: the new thread refuses to open it for writing.
  const side = new Database(path);
  t.teardown(() => side.close());
  side.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
  const event: EventToAppend = newEvent('CaseReported');
  const refused = store.append('case-2', [event], { expectedRevision: 'no_stream' });
  await t.rejects(refused, StoreUnavailableError);
  t.match(((await refused.catch((error: unknown) => error)) as Error).message, /commit thread stopped, and the store could not be opened for writing on a new one: .*schema version.*the next append tries again/);
  await t.rejects(store.writable(), { name: 'StoreUnavailableError', message: /could not be opened for writing/ }, 'a readiness probe hears the store cannot write');

  side.pragma(`user_version = ${CURRENT_SCHEMA_VERSION}`);
  await store.writable();
  t.equal((await store.append('case-2', [event], { expectedRevision: 'no_stream' })).nextExpectedRevision, 0n, 'the next attempt opens the writer and writes');
  t.same((await collect(store.readAll())).map((recorded) => recorded.streamName), ['case-1', 'case-2']);
});
