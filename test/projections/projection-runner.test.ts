import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { allProjections } from '../../projections/index.js';
import { digestReadModels } from '../../src/read-models/digest.js';
import { ProjectionEngine } from '../../src/read-models/projection-engine.js';
import { createProjectionRunner } from '../../src/read-models/projection-runner.js';
import { openReadModelDatabase } from '../../src/read-models/read-model-database.js';
import { rebuildReadModels } from '../../src/read-models/rebuild.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import type { EventStore, RecordedEvent } from '../../src/store/event-store.js';
import { generatedHistory } from '../fixtures/generated-history.js';
import { EventLog } from '../fixtures/projection-events.js';
import { SubscribableEventStore } from '../fixtures/subscribable-event-store.js';
import { childEnvironment } from '../fixtures/child-environment.js';

async function storeWith(events: readonly RecordedEvent[]): Promise<SubscribableEventStore> {
  const store = new SubscribableEventStore();
  await store.load(events);
  return store;
}

async function rebuiltDigests(store: SubscribableEventStore, dir: string) {
  const rebuilt = await rebuildReadModels({ store, path: path.join(dir, 'rebuilt.db') });
  const digests = digestReadModels(rebuilt.database);
  rebuilt.database.close();
  return digests;
}

const history = generatedHistory({ seed: 11, officers: 15, cases: 40 });
const head = history.recorded.at(-1)!.position;

t.test('the runner builds every read model to the same digest as a rebuild', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded);
  const runner = createProjectionRunner({ store, database: { path: path.join(dir, 'live.db') }, batchSize: 7 });
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(5000));
  t.equal(runner.position(), head);
  const live = digestReadModels(runner.database);
  t.same(Object.keys(live), allProjections.map((p) => p.name));
  t.same(live, await rebuiltDigests(store, dir));
  await runner.stop();
});

t.test('a rebuild that writes rows back through a tiny cache gives the same read models as the runner', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded);
  const runner = createProjectionRunner({ store, database: { path: path.join(dir, 'live.db') }, batchSize: 5 });
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(5000));
  let progress = 0;
  const rebuilt = await rebuildReadModels({
    store, path: path.join(dir, 'spilled.db'), batchSize: 3, maxCachedRows: 2, progressEvery: 3, onProgress: () => { progress += 1; },
    helperThread: false,
  });
  t.ok(progress > 10, 'many spills');
  t.equal(rebuilt.position, head);
  t.equal(rebuilt.database.checkpoint(), head, 'the checkpoint is written once everything is');
  t.same(digestReadModels(rebuilt.database), digestReadModels(runner.database));
  rebuilt.database.close();
  // The same with the projections shared between two threads (a helper builds all but the history).
  const shared = await rebuildReadModels({ store, path: path.join(dir, 'shared.db'), batchSize: 3, maxCachedRows: 2, helperThread: true });
  t.equal(shared.database.checkpoint(), head);
  t.same(digestReadModels(shared.database), digestReadModels(runner.database), 'the same read models when a helper thread builds some of them');
  t.notOk(fs.existsSync(path.join(dir, 'shared.db.helper')), 'the helper file is removed');
  shared.database.close();
  await runner.stop();
});

t.test('a rebuild that reads the log\'s SQLite file itself, on one thread or two: the same read models, up to the head it began at', async (t) => {
  const dir = t.testdir();
  const logFile = path.join(dir, 'events.db');
  const sqlite = await openSqliteEventStore({ path: logFile });
  t.teardown(() => sqlite.close());
  for (const event of history.recorded) {
    await sqlite.append(event.streamName, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }], { expectedRevision: 'any' });
  }
  const sqliteHead = (await sqlite.headPosition())!;
  const expected = await rebuildReadModels({ store: sqlite, path: path.join(dir, 'one-thread.db'), helperThread: false });
  // The log grows after the rebuild took its head: a case reported, then evidence, which no read
  // model answers, so the file's last event is one neither thread reads.
  const late = history.recorded.find((e) => e.type === 'CaseReported')!;
  await sqlite.append('case-late', [
    { id: randomUUID(), type: late.type, data: { ...late.data, caseId: 'late' }, metadata: late.metadata },
    { id: randomUUID(), type: 'EvidenceAttached', data: { caseId: 'late', evidenceId: 'E-late', description: '录像', reference: null, sha256: null }, metadata: late.metadata },
  ], { expectedRevision: 'any' });
  const grownHead = (await sqlite.headPosition())!;
  t.ok(grownHead > sqliteHead);
  const headTakenEarlier: EventStore = {
    append: (name, events, options) => sqlite.append(name, events, options),
    readStream: (name, options) => sqlite.readStream(name, options),
    readAll: (options) => sqlite.readAll(options),
    readAt: (positions) => sqlite.readAt(positions),
    subscribeToAll: (from) => sqlite.subscribeToAll(from),
    headPosition: async () => sqliteHead,
    densePositions: true,
    close: () => sqlite.close(),
  };
  const positions: (bigint | null)[] = [];
  const shared = await rebuildReadModels({
    store: headTakenEarlier, path: path.join(dir, 'shared.db'), batchSize: 5, maxCachedRows: 3, helperThread: true, logFile,
    progressEvery: 7, onProgress: ({ position }) => positions.push(position),
  });
  t.equal(shared.position, sqliteHead, 'up to the head the log had when the rebuild began');
  t.ok(positions.length > 3 && positions.every((p, i) => p !== null && (i === 0 || p >= positions[i - 1]!)), 'progress goes through the log\'s positions in order');
  t.equal(positions.at(-1), sqliteHead, 'and ends at the head (restore shows it against the head)');
  t.same(digestReadModels(shared.database), digestReadModels(expected.database), 'neither thread read past it: the same read models as one thread reading the store then');
  t.equal(shared.events, history.recorded.length, 'every event of the log up to that head is counted');
  shared.database.close();

  const fromStore = await rebuildReadModels({ store: sqlite, path: path.join(dir, 'from-store.db'), helperThread: false });
  const oneThreadFromFile = await rebuildReadModels({ store: sqlite, path: path.join(dir, 'from-file.db'), helperThread: false, logFile });
  t.same(digestReadModels(oneThreadFromFile.database), digestReadModels(fromStore.database), 'one thread reading the file: the same as reading the store');
  t.notSame(digestReadModels(oneThreadFromFile.database), digestReadModels(expected.database), 'and it includes the case reported later');
  fromStore.database.close();
  t.equal(oneThreadFromFile.database.checkpoint(), grownHead, 'its checkpoint is the head, though no projection reads the event there');
  oneThreadFromFile.database.close();

  const otherFile = path.join(dir, 'other.db');
  const other = await openSqliteEventStore({ path: otherFile });
  await other.append('officer-x', [{ id: randomUUID(), type: 'OfficerRegistered', data: {}, metadata: {} }], { expectedRevision: 'any' });
  await other.close();
  await t.rejects(
    rebuildReadModels({ store: sqlite, path: path.join(dir, 'mixed.db'), logFile: otherFile }),
    /is not the store's log/,
    'a file that is not the store\'s log is refused before anything is built',
  );
  expected.database.close();
});

t.test('a rebuild whose helper thread fails stops at this thread\'s next batch, not once it has read the whole log', async (t) => {
  const dir = t.testdir();
  const logFile = path.join(dir, 'events.db');
  await (await openSqliteEventStore({ path: logFile })).close();
  // First in the log, a case report the helper cannot read (its data is not JSON); this thread
  // builds the rotation schedule and never reads case reports.
  const raw = new Database(logFile);
  raw.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, 0, ?, ?, ?, ?)')
    .run(randomUUID(), 'case-unreadable', 'CaseReported', '{not json', '{}', new Date().toISOString());
  raw.close();
  const sqlite = await openSqliteEventStore({ path: logFile });
  t.teardown(() => sqlite.close());
  for (const event of history.recorded) {
    await sqlite.append(event.streamName, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }], { expectedRevision: 'any' });
  }
  const projections = allProjections.filter((p) => p.name === 'rotation_schedule' || p.name === 'statistics');
  let read = 0;
  const rebuilding = rebuildReadModels({
    store: sqlite, path: path.join(dir, 'failed.db'), logFile, projections, helperThread: true, batchSize: 2, progressEvery: 1,
    onProgress: ({ events }) => {
      read = events;
      // This thread reads slowly (60 ms an event), so that the helper has long failed before it is done.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
    },
  });
  await t.rejects(rebuilding, /The rebuild's helper thread failed: CorruptEventError: The event at position 1 \(revision 0 of "case-unreadable"\) cannot be read: its data is not valid JSON/);
  const ownEvents = history.recorded.filter((e) => projections.find((p) => p.name === 'rotation_schedule')!.eventTypes!.has(e.type)).length;
  t.ok(read < ownEvents / 2, `this thread stopped early (${read} of its ${ownEvents} events read)`);
  t.notOk(fs.existsSync(path.join(dir, 'failed.db.helper')), 'the helper\'s file is removed');
});

t.test('a rebuild that stopped midway leaves a file that is started again from scratch, never resumed', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'broken.db');
  const store = await storeWith(history.recorded);
  await t.rejects(rebuildReadModels({
    store, path: file, batchSize: 3, maxCachedRows: 2, progressEvery: 30,
    onProgress: ({ events }) => {
      if (events >= 60) throw new Error('stopped');
    },
  }), /stopped/);
  const reopened = openReadModelDatabase({ path: file, projections: allProjections });
  t.ok(reopened.reset, 'the half-built tables are dropped');
  t.equal(reopened.checkpoint(), null);
  reopened.close();
  const runner = createProjectionRunner({ store, database: { path: file } });
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(5000));
  t.same(digestReadModels(runner.database), await rebuiltDigests(store, dir));
  await runner.stop();
});

t.test('a tiny cache gives the same read models (rows evicted and read back from SQLite)', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded);
  const runner = createProjectionRunner({ store, database: { path: path.join(dir, 'live.db') }, batchSize: 4, maxCachedRows: 2 });
  runner.start();
  await runner.waitUntilCaughtUp(5000);
  t.same(digestReadModels(runner.database), await rebuiltDigests(store, dir));
  await runner.stop();
});

t.test('after a restart it resumes from its checkpoint, not from the start', async (t) => {
  const dir = t.testdir();
  const livePath = path.join(dir, 'live.db');
  const half = Math.floor(history.recorded.length / 2);
  const store = await storeWith(history.recorded.slice(0, half));
  const first = createProjectionRunner({ store, database: { path: livePath }, batchSize: 5 });
  first.start();
  await first.waitUntilCaughtUp(5000);
  await first.stop();
  const checkpoint = history.recorded[half - 1]!.position;

  await store.load(history.recorded.slice(half));
  const second = createProjectionRunner({ store, database: { path: livePath }, batchSize: 5 });
  second.start();
  await second.waitUntilCaughtUp(5000);
  t.same(store.subscriptions, ['start', { after: checkpoint }], 'the second runner subscribed after its checkpoint');
  t.same(digestReadModels(second.database), await rebuiltDigests(store, dir));
  await second.stop();
});

t.test('a failed subscription is resumed after a pause, with no gap and no duplicate', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded);
  store.failSubscriptionsAfter.push(13, 0, 29);
  const runner = createProjectionRunner({ store, database: { path: path.join(dir, 'live.db') }, batchSize: 10, initialBackoffMs: 5 });
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(5000));
  t.equal(runner.status().subscriptionFailures, 3);
  t.equal(store.subscriptions.length, 4);
  t.same(store.subscriptions[1], { after: history.recorded[12]!.position }, 'what was applied before the failure was kept');
  t.same(digestReadModels(runner.database), await rebuiltDigests(store, dir));
  await runner.stop();
});

t.test('a batch that fails to commit is discarded and read again: each event lands once', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded);
  let commits = 0;
  const runner = createProjectionRunner({
    store, database: { path: path.join(dir, 'live.db') }, batchSize: 9, initialBackoffMs: 5,
    beforeCommit() {
      commits += 1;
      // The third and fourth transactions die after writing their rows, before the checkpoint.
      if (commits === 3 || commits === 4) throw new Error('disk went away (injected)');
    },
  });
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(5000));
  t.equal(runner.status().commitFailures, 2);
  t.same(store.subscriptions.slice(1), [{ after: history.recorded[17]!.position }, { after: history.recorded[17]!.position }]);
  t.same(digestReadModels(runner.database), await rebuiltDigests(store, dir), 'no entry was written twice or lost');
  await runner.stop();
});

t.test('live events reach the read models; waitForPosition answers read-your-writes', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded.slice(0, 10));
  const runner = createProjectionRunner({ store, database: { path: path.join(dir, 'live.db') } });
  runner.start();
  await runner.waitUntilCaughtUp(5000);
  t.equal(await runner.waitForPosition(history.recorded[9]!.position, 10), true, 'a position already reached answers at once');
  const waiting = runner.waitForPosition(history.recorded[20]!.position, 5000);
  await store.load(history.recorded.slice(10));
  t.equal(await waiting, true, 'resolved once the live events were committed');
  t.ok(runner.position()! >= history.recorded[20]!.position);
  t.equal(await runner.waitForPosition(head + 1000n, 50), false, 'a position the log has not reached times out');
  await runner.stop();
});

t.test('reactors run before their event is applied, and again after a failure', async (t) => {
  const dir = t.testdir();
  const store = await storeWith(history.recorded.slice(0, 20));
  const seen: bigint[] = [];
  let failOnce = true;
  const runner = createProjectionRunner({
    store, database: { path: path.join(dir, 'live.db') }, initialBackoffMs: 5, batchSize: 1000,
    reactors: [async (event) => {
      if (event.position === 12n && failOnce) {
        failOnce = false;
        throw new Error('store busy (injected)');
      }
      seen.push(event.position);
    }],
  });
  runner.start();
  await runner.waitUntilCaughtUp(5000);
  t.same(seen, Array.from({ length: 20 }, (_, i) => BigInt(i)), 'every event reacted to once it succeeded, in order');
  t.equal(runner.status().subscriptionFailures, 1);
  await runner.stop();
});

t.test('events at or before the checkpoint are skipped', async (t) => {
  const dir = t.testdir();
  const database = openReadModelDatabase({ path: path.join(dir, 'rm.db'), projections: allProjections });
  const engine = new ProjectionEngine(database);
  for (const event of history.recorded.slice(0, 5)) t.equal(engine.apply(event), true);
  engine.flush();
  t.equal(database.checkpoint(), 4n);
  t.equal(engine.apply(history.recorded[3]!), false, 'an old event is ignored');
  t.equal(engine.apply(history.recorded[4]!), false, 'the checkpoint event itself is ignored');
  t.equal(engine.pendingEvents, 0);
  database.close();
});

t.test('two engines on one file never commit on top of each other', async (t) => {
  const { CheckpointMovedError } = await import('../../src/read-models/projection-engine.js');
  const dir = t.testdir();
  const file = path.join(dir, 'rm.db');
  const one = new ProjectionEngine(openReadModelDatabase({ path: file, projections: allProjections }));
  const two = new ProjectionEngine(openReadModelDatabase({ path: file, projections: allProjections }));
  for (const event of history.recorded.slice(0, 10)) one.apply(event);
  one.flush();
  for (const event of history.recorded.slice(0, 12)) two.apply(event);
  t.throws(() => two.flush(), CheckpointMovedError, 'the second engine sees that the checkpoint moved');
  t.equal(two.committedPosition, 9n, 'and takes it up from where the other left it');
  for (const event of history.recorded.slice(0, 12)) two.apply(event);
  two.flush();
  t.equal(two.database.checkpoint(), 11n);
  const rebuilt = new ProjectionEngine(openReadModelDatabase({ path: path.join(dir, 'rebuilt.db'), projections: allProjections }));
  for (const event of history.recorded.slice(0, 12)) rebuilt.apply(event);
  rebuilt.flush();
  t.same(digestReadModels(two.database), digestReadModels(rebuilt.database), 'no event applied twice');
  for (const engine of [one, two, rebuilt]) engine.database.close();
});

t.test('read models built by other projection versions are rebuilt from the start', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'rm.db');
  const first = openReadModelDatabase({ path: file, projections: allProjections });
  t.equal(first.reset, true, 'a new file starts empty');
  const engine = new ProjectionEngine(first);
  for (const event of history.recorded.slice(0, 5)) engine.apply(event);
  engine.flush();
  first.close();
  const same = openReadModelDatabase({ path: file, projections: allProjections });
  t.equal(same.reset, false);
  t.equal(same.checkpoint(), 4n);
  same.close();
  const bumped = allProjections.map((p, i) => (i === 0 ? { ...p, version: p.version + 1 } : p));
  const other = openReadModelDatabase({ path: file, projections: bumped });
  t.equal(other.reset, true);
  t.equal(other.checkpoint(), null, 'the checkpoint is gone with the old tables');
  other.close();
});

t.test('killed in the middle of a batch, the runner restarts to the same read models', async (t) => {
  const { spawn } = await import('node:child_process');
  const { openSqliteEventStore } = await import('../../src/store/sqlite/sqlite-event-store.js');
  const dir = t.testdir();
  const eventsPath = path.join(dir, 'events.db');
  const livePath = path.join(dir, 'live.db');
  const store = await openSqliteEventStore({ path: eventsPath });
  for (const event of history.recorded) {
    await store.append(event.streamName, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }], {
      expectedRevision: event.revision === 0n ? 'no_stream' : event.revision - 1n,
    });
  }
  const child = path.join(import.meta.dirname, '..', 'fixtures', 'runner-child.ts');
  for (const killAfter of [3, 7, 12]) {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, eventsPath, livePath], { stdio: ['ignore', 'pipe', 'inherit'], env: childEnvironment() });
    let writes = 0;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      writes += chunk.split('\n').filter((line) => line.startsWith('writing')).length;
      if (writes >= killAfter) proc.kill('SIGKILL');
    });
    t.equal(await exited, 'SIGKILL', `killed during its write number ${killAfter}`);
  }
  const runner = createProjectionRunner({ store, database: { path: livePath } });
  t.ok(runner.position()! > 0n, 'the killed runners left a checkpoint behind');
  runner.start();
  t.ok(await runner.waitUntilCaughtUp(10_000));
  const rebuilt = await rebuildReadModels({ store, path: path.join(dir, 'rebuilt.db') });
  t.same(digestReadModels(runner.database), digestReadModels(rebuilt.database), 'the same digests as a rebuild: nothing lost, nothing twice');
  rebuilt.database.close();
  await runner.stop();
  await store.close();
});

t.test('after a rebuild for new projection versions, reactors do not see old events again', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'live.db');
  const store = await storeWith(history.recorded.slice(0, 20));
  const seen: bigint[] = [];
  const reactors = [async (event: RecordedEvent) => {
    seen.push(event.position);
  }];
  const first = createProjectionRunner({ store, database: { path: file }, reactors });
  first.start();
  await first.waitUntilCaughtUp(5000);
  await first.stop();
  t.equal(seen.length, 20);
  await store.load(history.recorded.slice(20, 25));
  const bumped = allProjections.map((p, i) => (i === 0 ? { ...p, version: p.version + 1 } : p));
  const second = createProjectionRunner({ store, database: { path: file }, projections: bumped, reactors });
  t.equal(second.database.reset, true, 'the read models are rebuilt from the start');
  second.start();
  await second.waitUntilCaughtUp(5000);
  t.same(seen.slice(20), history.recorded.slice(20, 25).map((e) => e.position), 'only the new events were reacted to');
  t.equal(second.position(), history.recorded[24]!.position, 'while every event was applied again');
  await second.stop();
});

t.test('an event whose recording instant cannot be read changes no read model, wherever it falls in a batch', async (t) => {
  const log = new EventLog('2021-01-04T09:00:00.000+08:00');
  const report = (caseId: string) => log.add('CaseReported', {
    caseId, subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'conduct', channel: 'email', occurredOn: '2021-01-02', summary: '反映问题',
    ruleRefs: [], reporter: null, reportedOn: '2021-01-04',
  });
  report('C1');
  report('C2');
  const bad: RecordedEvent = { ...log.recorded[1]!, metadata: { ...log.recorded[1]!.metadata, recordedAt: 'not an instant' } };
  for (const [name, events] of [['first in its batch', [bad]], ['after a good one', [log.recorded[0]!, bad]]] as const) {
    const database = openReadModelDatabase({ path: path.join(t.testdir(), `${events.length}.db`), projections: allProjections });
    const engine = new ProjectionEngine(database);
    const failures = events.map((event) => {
      try {
        engine.apply(event);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    });
    t.match(failures.at(-1), /Not an ISO instant/, `${name}: refused`);
    engine.flush();
    const keys = (table: string) => database.db.prepare(`SELECT key FROM ${table}`).pluck().all();
    for (const table of ['officer_history__caseOfficers', 'case_register__cases', 'statistics__cases']) {
      t.notOk(keys(table).includes('C2'), `${name}: nothing of it in ${table}`);
    }
    const pointers = (database.db.prepare('SELECT entries FROM officer_history__timeline').pluck().all() as string[]).flatMap((entries) => JSON.parse(entries) as unknown[]);
    t.equal(pointers.length, events.length - 1, `${name}: nor in the officer's timeline`);
    database.close();
  }
});
