import path from 'node:path';
import t from 'tap';
import { createCommandService } from '../../src/application/command-service.js';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { digestReadModels } from '../../src/read-models/digest.js';
import { createProjectionRunner } from '../../src/read-models/projection-runner.js';
import { startProjectionThread } from '../../src/read-models/projection-thread.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';

// The projection runner on a thread of its own: the same read models as the runner in the request
// thread, read-your-writes through waitForPosition, reactors run by the request thread before their
// event is applied, and a clean stop that a later start resumes from.

const report = (n: number) => ({
  officerIds: ['O-ZHANG'], category: 'conduct' as const, channel: 'phone' as const, occurredOn: '2021-05-01', summary: `执法态度生硬（第${n}件）`,
});

async function registerIn(dir: string) {
  const storePath = path.join(dir, 'events.db');
  const store = withHashChain(await openSqliteEventStore({ path: storePath }));
  const service = createCommandService({ store });
  await seedBureau(service);
  for (let n = 0; n < 5; n++) await service.reportCase(report(n), ctxAt('2021-06-01T10:00'));
  return { storePath, store, service };
}

t.test('the thread builds the same read models as the in-thread runner, and reads see each write it reports', async (t) => {
  const dir = t.testdir();
  const { storePath, store, service } = await registerIn(dir);
  const thread = startProjectionThread({ storePath, databasePath: path.join(dir, 'read-models.db'), pollMs: 10_000 });
  t.equal(thread.status().running, false);
  thread.start();
  t.ok(await thread.waitUntilCaughtUp(20_000), 'caught up with the log');
  t.equal(thread.position(), await store.headPosition());
  t.equal(thread.status().running, true);

  // A write, then its position: told of the append, the thread applies it well before its 10 s poll.
  const written = await service.reportCase(report(99), ctxAt('2021-06-01T11:00'));
  thread.appended();
  t.ok(await thread.waitForPosition(written.position, 5_000), 'the write reaches the read models');
  t.equal(thread.database.checkpoint(), written.position, 'a read after the wait sees the write (read-your-writes)');
  const caseRow = thread.database.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  t.ok(caseRow.n > 0, 'the request thread reads the read models through its own connection');

  const inThread = createProjectionRunner({ store, database: { path: path.join(dir, 'in-thread.db') } });
  inThread.start();
  t.ok(await inThread.waitUntilCaughtUp(20_000));
  t.same(digestReadModels(thread.database), digestReadModels(inThread.database), 'the same read models, byte for byte');
  await inThread.stop();

  t.equal(await thread.waitForPosition(written.position + 1_000n, 50), false, 'a position not written yet is not reached');
  await thread.stop();
  t.equal(thread.status().running, false);
  await store.close();
});

t.test('appends it is not told of are found by its poll (writes by another process)', async (t) => {
  const dir = t.testdir();
  const { storePath, store, service } = await registerIn(dir);
  const thread = startProjectionThread({ storePath, databasePath: path.join(dir, 'read-models.db'), pollMs: 20 });
  thread.start();
  t.ok(await thread.waitUntilCaughtUp(20_000));
  const written = await service.reportCase(report(7), ctxAt('2021-06-01T12:00'));
  t.ok(await thread.waitForPosition(written.position, 5_000));
  await thread.stop();
  await store.close();
});

t.test('reactors run on the request thread, before their event is applied; a failure is retried', async (t) => {
  const dir = t.testdir();
  const { storePath, store, service } = await registerIn(dir);
  const seen: { type: string; position: bigint; checkpoint: bigint | null }[] = [];
  let failures = 1;
  const thread = startProjectionThread({
    storePath,
    databasePath: path.join(dir, 'read-models.db'),
    reactors: [{
      eventTypes: ['CaseReported'],
      react: async (event: RecordedEvent) => {
        seen.push({ type: event.type, position: event.position, checkpoint: thread.database.checkpoint() });
        if (failures > 0) {
          failures -= 1;
          throw new Error('the reactor could not write yet');
        }
      },
    }],
  });
  thread.start();
  t.ok(await thread.waitUntilCaughtUp(20_000));
  t.ok(seen.length >= 6, 'every report was reacted to (the first one twice)');
  t.ok(seen.every((s) => s.type === 'CaseReported'), 'only the events the reactors act on are sent back');
  t.equal(seen[0]!.position, seen[1]!.position, 'the event whose reaction failed was delivered again');
  t.ok(seen.every((s) => s.checkpoint === null || s.checkpoint < s.position), 'an event is applied only after its reaction');
  t.equal(thread.status().subscriptionFailures, 1);
  t.match(thread.status().lastError, /could not write yet/);

  const before = seen.length;
  const written = await service.reportCase(report(8), ctxAt('2021-06-01T12:00'));
  thread.appended();
  t.ok(await thread.waitForPosition(written.position, 5_000));
  t.equal(seen.length, before + 1, 'a live event is reacted to once');
  await thread.stop();
  await store.close();
});

t.test('after a stop, a new thread resumes from the checkpoint the first one committed', async (t) => {
  const dir = t.testdir();
  const { storePath, store, service } = await registerIn(dir);
  const databasePath = path.join(dir, 'read-models.db');
  const first = startProjectionThread({ storePath, databasePath });
  first.start();
  t.ok(await first.waitUntilCaughtUp(20_000));
  const committed = first.position();
  await first.stop();
  await first.stop(); // idempotent

  const written = await service.reportCase(report(9), ctxAt('2021-06-01T13:00'));
  const second = startProjectionThread({ storePath, databasePath });
  t.equal(second.position(), committed, 'it knows the checkpoint before it starts');
  second.start();
  t.ok(await second.waitUntilCaughtUp(20_000));
  t.equal(second.position(), written.position);
  await second.stop();
  await store.close();
});

t.test('live events wait to share a commit, unless a read waits for them', async (t) => {
  const dir = t.testdir();
  const { storePath, store, service } = await registerIn(dir);
  const thread = startProjectionThread({ storePath, databasePath: path.join(dir, 'read-models.db'), commitDelayMs: 4_000 });
  thread.start();
  t.ok(await thread.waitUntilCaughtUp(20_000), 'catching up commits at once');

  const quiet = await service.reportCase(report(10), ctxAt('2021-06-01T14:00'));
  thread.appended();
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.ok(thread.position()! < quiet.position, 'nobody reads it: the event waits for the commit delay');

  const started = Date.now();
  t.ok(await thread.waitForPosition(quiet.position, 3_000), 'a read waiting for it has it committed');
  t.ok(Date.now() - started < 3_000, 'without waiting out the delay');

  // A read that asks before the event is even read from the log is served as soon as it is applied.
  const next = await service.reportCase(report(11), ctxAt('2021-06-01T14:05'));
  const waiting = thread.waitForPosition(next.position, 3_000);
  thread.appended();
  t.ok(await waiting);
  await thread.stop();
  await store.close();
});

t.test('a thread that cannot open the log says why, is started again after a pause, and still stops', async (t) => {
  const dir = t.testdir();
  const warnings: string[] = [];
  const thread = startProjectionThread({
    storePath: path.join(dir, 'not-a-folder', 'events.db'),
    databasePath: path.join(dir, 'read-models.db'),
    logger: { info() {}, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) },
  });
  // A file where the store's folder should be: the thread cannot create the log there.
  (await import('node:fs')).writeFileSync(path.join(dir, 'not-a-folder'), 'in the way');
  thread.start();
  for (let waited = 0; waited < 15_000 && thread.status().subscriptionFailures < 2; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const status = thread.status();
  t.ok(status.subscriptionFailures >= 2, 'started again after it failed');
  t.match(status.lastError, /could not be opened/);
  t.equal(status.caughtUp, false, 'never caught up: readiness says not ready');
  t.ok(warnings.some((w) => /starting it again/.test(w)));
  t.equal(await thread.waitForPosition(1n, 10), false);
  await thread.stop();
  t.equal(thread.status().running, false);
});
