// Group commit in the SQLite store: concurrent appends share transactions; inside one, each append
// is still checked and answered on its own; a commit that fails fails every append in it, and
// nothing of it is acknowledged or written. A store on a file commits on the commit thread, which
// decides how appends arriving from here are grouped; checks that need a known grouping (exactly
// these appends in one transaction) commit on this thread, through the same writer.

import t from 'tap';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { StoreUnavailableError, WrongExpectedVersionError } from '../../src/store/errors.js';
import { RECENT_EVENTS } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { collect, failure, newEvent } from '../fixtures/conformance.js';

const dir = t.testdir();
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

t.test('concurrent appends share transactions', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  t.teardown(() => store.close());
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, index) => store.append(`officer-${index}`, [newEvent('OfficerRegistered', { index })], { expectedRevision: 'no_stream' })),
  );
  t.equal(results.length, 200, 'every append acknowledged');
  t.equal(store.stats.appends, 200);
  t.ok(store.stats.commits < 200, `fewer commits (${store.stats.commits}) than appends`);
  t.ok(store.stats.largestBatch > 1, `batches larger than one (largest ${store.stats.largestBatch})`);
  t.equal(new Set(results.map((result) => result.position)).size, 200, 'each append has its own position');
  t.equal((await collect(store.readAll())).length, 200);
});

t.test('a batch never exceeds maxBatch appends; the rest follow in the next commits', async (t) => {
  const store = await openSqliteEventStore({ path: newPath(), maxBatch: 10, commitThread: false });
  t.teardown(() => store.close());
  const results = await Promise.all(
    Array.from({ length: 35 }, (_, index) => store.append(`officer-${index}`, [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' })),
  );
  t.equal(results.length, 35);
  t.equal(store.stats.largestBatch, 10);
  t.equal(store.stats.commits, 4, '10 + 10 + 10 + 5');
  t.same(results.map((result) => result.position), Array.from({ length: 35 }, (_, index) => BigInt(index + 1)), 'in the order they were submitted');
});

t.test('producers that read then append keep batches going, and every append lands once', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  t.teardown(() => store.close());
  await Promise.all(
    Array.from({ length: 20 }, async (_, producer) => {
      for (let round = 0; round < 10; round += 1) {
        const streamName = `case-${producer}`;
        const expectedRevision = round === 0 ? ('no_stream' as const) : (await store.readStream(streamName, { direction: 'backwards', maxCount: 1 }))[0]!.revision;
        await store.append(streamName, [newEvent('EvidenceAdded', { round })], { expectedRevision });
      }
    }),
  );
  t.ok(store.stats.commits <= 40, `200 appends in ${store.stats.commits} commits`);
  for (let producer = 0; producer < 20; producer += 1) {
    const events = await store.readStream(`case-${producer}`);
    t.same(events.map((event) => event.data['round']), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }
});

t.test('inside one commit, each append is checked and answered on its own', async (t) => {
  const store = await openSqliteEventStore({ path: newPath(), commitThread: false });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const registered = newEvent('OfficerRegistered');
  const earlier = await store.append('officer-2', [registered], { expectedRevision: 'no_stream' });
  const commitsBefore = store.stats.commits;

  const inFlight = newEvent('Shared');
  const pairOnce = [newEvent('CaseReported'), newEvent('VerificationAssigned')];
  const attempts = await Promise.allSettled([
    store.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' }),
    store.append('officer-1', [newEvent('Stale')], { expectedRevision: 3n }),
    store.append('case-1', [newEvent('VerificationAssigned')], { expectedRevision: 0n }),
    // A retry of an append acknowledged before this commit.
    store.append('officer-2', [registered], { expectedRevision: 'no_stream' }),
    store.append('case-3', [inFlight], { expectedRevision: 'no_stream' }),
    // A retry of an append earlier in this same commit.
    store.append('case-3', [inFlight], { expectedRevision: 'no_stream' }),
    store.append('case-1', [newEvent('EvidenceAdded'), newEvent('EvidenceAdded')], { expectedRevision: 1n }),
    store.append('case-4', pairOnce, { expectedRevision: 'any' }),
    store.append('case-4', pairOnce, { expectedRevision: 'any' }),
    // Only its first event was written before: refused, and its second event is not kept.
    store.append('case-4', [pairOnce[1]!, newEvent('Late')], { expectedRevision: 'stream_exists' }),
    store.append('officer-1', [newEvent('OfficerQualified')], { expectedRevision: 0n }),
  ]);
  t.equal(store.stats.commits, commitsBefore + 1, 'all eleven in one commit');

  const [created, stale, chained, retried, fresh, retriedInBatch, pair, anyPair, anyRetry, partial, qualified] = attempts;
  t.same(created.status === 'fulfilled' && created.value.nextExpectedRevision, 0n, 'a new stream');
  t.type(stale.status === 'rejected' && stale.reason, WrongExpectedVersionError, 'a stale expectation is refused');
  t.same(chained.status === 'fulfilled' && chained.value.nextExpectedRevision, 1n, 'sees the append before it in the same commit');
  t.same(retried.status === 'fulfilled' && retried.value, earlier, 'a retry gets the answer of the earlier append');
  t.same(fresh.status === 'fulfilled' && fresh.value.nextExpectedRevision, 0n);
  t.same(retriedInBatch.status === 'fulfilled' && retriedInBatch.value, fresh.status === 'fulfilled' && fresh.value, 'so does a retry within the same commit');
  t.same(pair.status === 'fulfilled' && pair.value.nextExpectedRevision, 3n);
  t.same(anyRetry.status === 'fulfilled' && anyRetry.value, anyPair.status === 'fulfilled' && anyPair.value, 'an `any` retry within the same commit');
  t.type(partial.status === 'rejected' && partial.reason, WrongExpectedVersionError, 'a partial repeat is refused');
  t.same(qualified.status === 'fulfilled' && qualified.value.nextExpectedRevision, 1n);

  t.same((await store.readStream('case-3')).map((event) => event.id), [inFlight.id], 'each event once');
  t.same((await store.readStream('case-4')).map((event) => event.id), pairOnce.map((event) => event.id), 'nothing of the refused append kept');
  t.equal((await store.readStream('case-1')).length, 4);
  t.equal((await collect(store.readAll())).length, 2 + 1 + 1 + 1 + 2 + 2 + 1, 'exactly the accepted events');
});

t.test('a multi-event append refused inside a commit (its stream moved in the file) keeps nothing; its neighbours go on', async (t) => {
  // Another process moves the stream behind our cached head: our insert collides with theirs in the
  // file, and the append is decided again against the file's head, inside the same commit.
  const path = newPath();
  const ours = await openSqliteEventStore({ path, commitThread: false });
  t.teardown(() => ours.close());
  await ours.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' });
  const theirs = await openSqliteEventStore({ path });
  await theirs.append('case-1', [newEvent('VerificationAssigned'), newEvent('EvidenceAdded')], { expectedRevision: 0n });
  await theirs.close();

  const register = (streamName: string) => ours.append(streamName, [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const commitsBefore = ours.stats.commits;
  const [before, refused, after] = await Promise.allSettled([
    register('officer-1'),
    ours.append('case-1', [newEvent('FindingRecorded'), newEvent('SanctionImposed')], { expectedRevision: 0n }),
    register('officer-2'),
  ]);
  t.equal(ours.stats.commits, commitsBefore + 1, 'one commit');
  t.equal(before!.status, 'fulfilled');
  t.type(refused!.status === 'rejected' && refused.reason, WrongExpectedVersionError, 'refused once the file is consulted');
  t.equal(refused!.status === 'rejected' && (refused.reason as WrongExpectedVersionError).actual, 2n, 'with the revision the file has');
  t.equal(after!.status, 'fulfilled');
  t.same((await ours.readStream('case-1')).map((event) => event.type), ['CaseReported', 'VerificationAssigned', 'EvidenceAdded'], 'none of its events kept');
  t.equal((await collect(ours.readAll())).length, 5);
});

t.test('an `any` retry is recognised while its events are among the last RECENT_EVENTS of its stream, as across a restart', async (t) => {
  const path = newPath();
  let store = await openSqliteEventStore({ path });
  const first = [newEvent('CaseReported')];
  const written = await store.append('case-1', first, { expectedRevision: 'any' });
  await store.append('case-1', Array.from({ length: RECENT_EVENTS - 1 }, () => newEvent('EvidenceAdded')), { expectedRevision: 'any' });
  await store.close();
  store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  t.same(await store.append('case-1', first, { expectedRevision: 'any' }), written, 'the oldest recent event, after reopening');
  await store.append('case-1', [newEvent('EvidenceAdded')], { expectedRevision: 'any' });
  const again = await store.append('case-1', first, { expectedRevision: 'any' });
  t.equal(again.nextExpectedRevision, BigInt(RECENT_EVENTS + 1), 'no longer recent: written again, as EventStoreDB does once its cache forgot the ids');
});

t.test('a commit that fails rejects every append in it, writes none, and the store recovers', async (t) => {
  let failNext = false;
  const store = await openSqliteEventStore({
    path: newPath(),
    testHooks: {
      beforeCommit: () => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
        }
      },
    },
  });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });

  failNext = true;
  const qualified = newEvent('OfficerQualified');
  const registered = newEvent('OfficerRegistered');
  const reported = [newEvent('CaseReported'), newEvent('VerificationAssigned')];
  const attempts = await Promise.allSettled([
    store.append('officer-1', [qualified], { expectedRevision: 0n }),
    store.append('officer-2', [registered], { expectedRevision: 'no_stream' }),
    store.append('officer-1', [newEvent('Stale')], { expectedRevision: 5n }),
    store.append('case-1', reported, { expectedRevision: 'any' }),
  ]);
  for (const attempt of attempts) {
    t.equal(attempt.status, 'rejected', 'never acknowledged');
    t.type(attempt.status === 'rejected' && attempt.reason, StoreUnavailableError, 'reported as the store being unavailable');
  }
  t.match(attempts[0]!.status === 'rejected' && (attempts[0].reason as Error).message, /none is acknowledged/);
  t.equal(store.stats.failedCommits, 1);
  t.equal((await collect(store.readAll())).length, 1, 'nothing of the failed commit was written');

  // Retried as they were: the cached stream heads were forgotten with the failed transaction.
  t.equal((await store.append('officer-1', [qualified], { expectedRevision: 0n })).nextExpectedRevision, 1n);
  t.equal((await store.append('officer-2', [registered], { expectedRevision: 'no_stream' })).nextExpectedRevision, 0n);
  t.equal((await store.append('officer-2', [registered], { expectedRevision: 'no_stream' })).nextExpectedRevision, 0n, 'and a second retry is idempotent');
  // The failed commit's `any` append is not taken for an earlier one: it is written now, once.
  const written = await store.append('case-1', reported, { expectedRevision: 'any' });
  t.same(written, { nextExpectedRevision: 1n, position: 5n });
  t.same(await store.append('case-1', reported, { expectedRevision: 'any' }), written, 'and then its retry is recognised');
  t.equal((await collect(store.readAll())).length, 5);
});

t.test('a full disk fails the commit it happens in; acknowledged appends stay, and the store recovers', async (t) => {
  let connection: Database.Database | undefined;
  const path = newPath();
  const store = await openSqliteEventStore({ path, testHooks: { afterOpen: (db) => (connection = db) } });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });

  // SQLite's own "database or disk is full" (SQLITE_FULL), by capping the file at its current size.
  const pages = connection!.pragma('page_count', { simple: true }) as number;
  connection!.pragma(`max_page_count = ${pages}`);
  const big = { text: 'x'.repeat(20_000) };
  const attempts = await Promise.allSettled(
    Array.from({ length: 5 }, (_, index) => store.append(`case-${index}`, [newEvent('CaseReported', big)], { expectedRevision: 'no_stream' })),
  );
  for (const attempt of attempts) {
    t.type(attempt.status === 'rejected' && attempt.reason, StoreUnavailableError, 'refused as unavailable');
  }
  const first = attempts[0];
  const cause = first?.status === 'rejected' ? ((first.reason as Error).cause as { code?: string }) : undefined;
  t.equal(cause?.code, 'SQLITE_FULL', 'the cause is SQLite reporting a full disk');
  t.equal((await collect(store.readAll())).length, 1, 'only the acknowledged append is there');

  connection!.pragma('max_page_count = 1073741823');
  t.equal((await store.append('case-0', [newEvent('CaseReported', big)], { expectedRevision: 'no_stream' })).nextExpectedRevision, 0n, 'appends work again once there is room');
});

t.test('another process writing to the same file: cached heads are checked against the file', async (t) => {
  const path = newPath();
  const ours = await openSqliteEventStore({ path });
  const theirs = await openSqliteEventStore({ path });
  t.teardown(async () => {
    await ours.close();
    await theirs.close();
  });
  await ours.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  await theirs.append('officer-1', [newEvent('OfficerQualified')], { expectedRevision: 0n });

  const stale = await failure(ours.append('officer-1', [newEvent('Stale')], { expectedRevision: 0n }));
  t.type(stale, WrongExpectedVersionError, 'an expectation that was right in our cache but not in the file is refused');
  t.equal((stale as WrongExpectedVersionError).actual, 1n, 'with the revision the file has');
  t.equal((await ours.append('officer-1', [newEvent('Any')], { expectedRevision: 'any' })).nextExpectedRevision, 2n, 'any appends after their event');
  t.same((await theirs.readStream('officer-1')).map((event) => event.type), ['OfficerRegistered', 'OfficerQualified', 'Any']);
});

t.test('close() commits what is queued, then refuses further use', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  const pending = store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const closing = store.close();
  t.equal(store.close(), closing, 'closing again waits for the same close');
  await closing;
  t.equal((await pending).nextExpectedRevision, 0n, 'the append queued before close was committed');
  await store.close();
  t.pass('closing twice is harmless');

  t.type(await failure(store.append('officer-1', [newEvent('Late')], { expectedRevision: 'any' })), StoreUnavailableError);
  t.type(await failure(store.readStream('officer-1')), StoreUnavailableError);
  t.type(await failure(store.headPosition()), StoreUnavailableError);
  t.throws(() => store.readAll(), StoreUnavailableError);
  t.throws(() => store.subscribeToAll('start'), StoreUnavailableError);

  const reopened = await openSqliteEventStore({ path });
  t.equal((await reopened.readStream('officer-1')).length, 1, 'and it is durable');
  await reopened.close();
});

t.test('commit hooks cannot be asked for on the commit thread', async (t) => {
  await t.rejects(openSqliteEventStore({ path: newPath(), commitThread: true, testHooks: {} }), { name: 'TypeError', message: /testHooks .* cannot be combined with commitThread: true/ });
});

t.test('close() ends live subscriptions', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  const subscription = store.subscribeToAll('start');
  const iterator = subscription[Symbol.asyncIterator]();
  t.equal((await iterator.next()).value?.kind, 'caughtUp');
  const waiting = iterator.next();
  await store.close();
  t.equal((await waiting).done, true);
});
