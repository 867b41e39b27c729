// Group commit in the SQLite store: concurrent appends share transactions; inside one, each append
// is still checked and answered on its own; a commit that fails fails every append in it, and
// nothing of it is acknowledged or written.

import t from 'tap';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { InvalidAppendError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../src/store/errors.js';
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
  const store = await openSqliteEventStore({ path: newPath(), maxBatch: 10 });
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

t.test('inside one commit, a refused append fails alone', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  t.teardown(() => store.close());
  await store.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  const taken = newEvent('OfficerRegistered');
  await store.append('officer-2', [taken], { expectedRevision: 'no_stream' });
  const commitsBefore = store.stats.commits;

  const inFlight = newEvent('Shared');
  const attempts = await Promise.allSettled([
    store.append('case-1', [newEvent('CaseReported')], { expectedRevision: 'no_stream' }),
    store.append('officer-1', [newEvent('Stale')], { expectedRevision: 3n }),
    store.append('case-1', [newEvent('VerificationAssigned')], { expectedRevision: 0n }),
    // Its second event reuses an id already recorded: its first event must not stay either.
    store.append('case-2', [newEvent('CaseReported'), taken], { expectedRevision: 'no_stream' }),
    store.append('case-3', [inFlight], { expectedRevision: 'no_stream' }),
    // Reuses the id of an event written earlier in this same commit.
    store.append('case-4', [inFlight], { expectedRevision: 'no_stream' }),
    store.append('case-1', [newEvent('EvidenceAdded'), newEvent('EvidenceAdded')], { expectedRevision: 1n }),
    store.append('officer-1', [newEvent('OfficerQualified')], { expectedRevision: 0n }),
  ]);
  t.equal(store.stats.commits, commitsBefore + 1, 'all eight in one commit');

  const [created, stale, chained, reused, fresh, reusedInBatch, pair, qualified] = attempts;
  t.same(created.status === 'fulfilled' && created.value.nextExpectedRevision, 0n, 'a new stream');
  t.type(stale.status === 'rejected' && stale.reason, WrongExpectedVersionError, 'a stale expectation is refused');
  t.same(chained.status === 'fulfilled' && chained.value.nextExpectedRevision, 1n, 'sees the append before it in the same commit');
  t.type(reused.status === 'rejected' && reused.reason, InvalidAppendError, 'a recorded id is refused');
  t.match(reused.status === 'rejected' && (reused.reason as Error).message, /already recorded/);
  t.same(fresh.status === 'fulfilled' && fresh.value.nextExpectedRevision, 0n);
  t.type(reusedInBatch.status === 'rejected' && reusedInBatch.reason, InvalidAppendError, 'an id written earlier in the same commit is refused');
  t.same(pair.status === 'fulfilled' && pair.value.nextExpectedRevision, 3n);
  t.same(qualified.status === 'fulfilled' && qualified.value.nextExpectedRevision, 1n);

  t.type(await failure(store.readStream('case-2')), StreamNotFoundError, 'nothing of the refused multi-event append was kept');
  t.type(await failure(store.readStream('case-4')), StreamNotFoundError);
  t.equal((await store.readStream('case-1')).length, 4);
  t.equal((await collect(store.readAll())).length, 2 + 1 + 1 + 1 + 2 + 1, 'exactly the accepted events');
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
  const attempts = await Promise.allSettled([
    store.append('officer-1', [qualified], { expectedRevision: 0n }),
    store.append('officer-2', [registered], { expectedRevision: 'no_stream' }),
    store.append('officer-1', [newEvent('Stale')], { expectedRevision: 5n }),
    store.append('case-1', [newEvent('CaseReported'), newEvent('VerificationAssigned')], { expectedRevision: 'any' }),
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
  t.equal((await collect(store.readAll())).length, 3);
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
  await store.close();
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

t.test('close() ends live subscriptions', async (t) => {
  const store = await openSqliteEventStore({ path: newPath() });
  const subscription = store.subscribeToAll('start');
  const iterator = subscription[Symbol.asyncIterator]();
  t.equal((await iterator.next()).value?.kind, 'caughtUp');
  const waiting = iterator.next();
  await store.close();
  t.equal((await waiting).done, true);
});
