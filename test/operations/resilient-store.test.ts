// The event store as the register sees it when storage fails: opened in the background with
// retries, refused writes (and nothing written) while it is unavailable, and back by itself once a
// probe (a read and a durable write check) succeeds. Faults are injected into the real embedded
// store's commit; the real-disk versions are in failure-modes.test.ts.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { ResilientEventStore } from '../../src/operations/resilient-store.js';
import { StoreDamagedError, StoreUnavailableError, WrongExpectedVersionError } from '../../src/store/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';

const event = (n: number) => ({ id: randomUUID(), type: 'UnitRegistered', data: { n }, metadata: {} });
const fast = { initialMs: 10, maxMs: 40 };

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

t.test('a store that cannot be opened yet: refused with the reason, opened by itself later', async (t) => {
  let opens = 0;
  let openable = false;
  const resilient = new ResilientEventStore({
    densePositions: true,
    backoff: fast,
    open: async () => {
      opens += 1;
      if (!openable) throw new Error('unable to open database file');
      return openSqliteEventStore({ path: ':memory:' });
    },
  });
  t.teardown(() => resilient.close());
  t.ok(await eventually(() => opens >= 3), 'it keeps trying');
  const health = resilient.health();
  t.equal(health.state, 'opening');
  t.match(health.reason, /could not be opened: unable to open database file/);
  t.ok(health.nextAttemptAt, 'it says when it tries again');
  await t.rejects(resilient.append('unit-a', [event(1)], { expectedRevision: 'no_stream' }), StoreUnavailableError);
  await t.rejects(resilient.headPosition(), StoreUnavailableError);
  await t.rejects(resilient.readStream('unit-a'), StoreUnavailableError);
  const iterator = resilient.readAll()[Symbol.asyncIterator]();
  await t.rejects(iterator.next(), StoreUnavailableError, 'reading the log fails too');
  const subscription = resilient.subscribeToAll('start')[Symbol.asyncIterator]();
  await t.rejects(subscription.next(), StoreUnavailableError, 'a subscription fails at once (its runner resubscribes later)');

  openable = true;
  t.ok(await resilient.whenAvailable(5_000), 'available once it can be opened');
  t.equal(resilient.health().reason, null);
  const written = await resilient.append('unit-a', [event(1)], { expectedRevision: 'no_stream' });
  t.equal(written.nextExpectedRevision, 0n);
});

t.test('a failed commit: unavailable, writes refused without reaching the store, back after a probe', async (t) => {
  let failCommits = false;
  let writable = true;
  let inner: EventStore | undefined;
  const resilient = new ResilientEventStore({
    densePositions: true,
    backoff: fast,
    open: async () => {
      inner = await openSqliteEventStore({
        path: ':memory:',
        testHooks: {
          beforeCommit: () => {
            if (failCommits) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
          },
        },
      });
      return inner;
    },
    writeCheck: async () => {
      if (!writable) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  });
  t.teardown(() => resilient.close());
  t.ok(await resilient.whenAvailable(2_000));
  await resilient.append('unit-a', [event(1)], { expectedRevision: 'no_stream' });

  // A domain refusal is not a storage failure.
  await t.rejects(resilient.append('unit-a', [event(2)], { expectedRevision: 'no_stream' }), WrongExpectedVersionError);
  t.equal(resilient.health().state, 'available');

  failCommits = true;
  writable = false;
  await t.rejects(resilient.append('unit-b', [event(3)], { expectedRevision: 'no_stream' }), StoreUnavailableError, 'the failed commit is not acknowledged');
  const health = resilient.health();
  t.equal(health.state, 'unavailable');
  t.match(health.reason, /disk is full/);

  failCommits = false; // the store itself could write again, but the probe still says the disk cannot
  const headBefore = await inner!.headPosition();
  await t.rejects(resilient.append('unit-c', [event(4)], { expectedRevision: 'no_stream' }), { name: 'StoreUnavailableError', message: /unavailable: .*disk is full.*nothing was written/ });
  t.equal(await inner!.headPosition(), headBefore, 'refused writes never reach the store');
  t.equal(await resilient.headPosition(), headBefore, 'reads still work while writes are refused');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(resilient.health().state, 'unavailable', 'still unavailable while the write check fails');
  t.match(resilient.health().reason, /ENOSPC/, 'the reason is now what the probe found');

  writable = true;
  t.ok(await resilient.whenAvailable(2_000), 'available again by itself once the probe succeeds');
  const written = await resilient.append('unit-c', [event(5)], { expectedRevision: 'no_stream' });
  t.ok(written.position > headBefore!);
  const streams: string[] = [];
  for await (const recorded of resilient.readAll()) streams.push(recorded.streamName);
  t.same(streams, ['unit-a', 'unit-c'], 'the log holds the acknowledged writes and nothing else');
});

t.test('a damaged file: the write that meets it and every write after are refused as damaged (not a passing unavailability), reads go on', async (t) => {
  let failure: { message: string; code: string } | null = null;
  let inner: EventStore | undefined;
  const resilient = new ResilientEventStore({
    densePositions: true,
    backoff: fast,
    open: async () => {
      inner = await openSqliteEventStore({
        path: ':memory:',
        testHooks: {
          beforeCommit: () => {
            if (failure) throw Object.assign(new Error(failure.message), { code: failure.code });
          },
        },
      });
      return inner;
    },
  });
  t.teardown(() => resilient.close());
  t.ok(await resilient.whenAvailable(2_000));
  await resilient.append('unit-a', [event(1)], { expectedRevision: 'no_stream' });

  // A full disk passes: unavailable, not damaged.
  failure = { message: 'database or disk is full', code: 'SQLITE_FULL' };
  const full = await resilient.append('unit-b', [event(2)], { expectedRevision: 'no_stream' }).catch((error: unknown) => error);
  t.type(full, StoreUnavailableError);
  t.notOk(full instanceof StoreDamagedError, 'a full disk is not damage');
  failure = null;
  t.ok(await resilient.whenAvailable(2_000));

  failure = { message: 'database disk image is malformed', code: 'SQLITE_CORRUPT' };
  const met = await resilient.append('unit-b', [event(3)], { expectedRevision: 'no_stream' }).catch((error: unknown) => error);
  t.type(met, StoreDamagedError, 'the write that met the damage is told so');
  t.type(met, StoreUnavailableError, 'still a refusal of the store (503, nothing written)');
  t.equal(resilient.health().state, 'damaged');
  failure = null; // a write would go through now: the store must not let it
  const headBefore = await inner!.headPosition();
  await t.rejects(resilient.append('unit-c', [event(4)], { expectedRevision: 'no_stream' }), StoreDamagedError, 'later writes are refused as damaged');
  await t.rejects(resilient.append('unit-c', [event(4)], { expectedRevision: 'no_stream' }), { message: /damaged: .*malformed.*restore the latest backup.*nothing was written/ });
  t.equal(await inner!.headPosition(), headBefore, 'refused writes never reach the store');
  t.equal(await resilient.headPosition(), headBefore, 'reads still work');
  t.equal(resilient.reportDamage(new Error('not damage')) instanceof StoreDamagedError, false, 'an error that is not damage is handed back as it is');
  t.type(resilient.reportDamage(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })), StoreDamagedError, 'damage reported from elsewhere is answered as damage');
});

t.test('retryNow probes at once; close ends the attempts', async (t) => {
  let openable = false;
  const resilient = new ResilientEventStore({
    densePositions: true,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
    open: async () => {
      if (!openable) throw new Error('locked');
      return openSqliteEventStore({ path: ':memory:' });
    },
  });
  await eventually(() => resilient.health().attempts >= 1);
  openable = true;
  t.equal((await resilient.retryNow()).state, 'available', 'no need to wait a minute for the next attempt');
  await resilient.close();
  t.equal(resilient.health().state, 'closed');
  await t.rejects(resilient.append('unit-a', [event(1)], { expectedRevision: 'no_stream' }), /closed/);
  t.equal(await resilient.whenAvailable(10), false);
});
