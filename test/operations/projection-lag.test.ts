// The projections' readiness with their lag: not ready while they are too far behind the log, and
// never again once they have been seen ahead of it (a log restored or replaced under them). The
// head /readyz hands the check is read before the check reads the checkpoint: under writes the
// read models can apply events written in between, which is not being ahead of the log.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import type { ReadinessCheck } from '../../src/http/routes/health.js';
import { withProjectionLag } from '../../src/operations/projection-lag.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

const alwaysReady: ReadinessCheck = { name: 'projections', check: async () => ({ ok: true, detail: {} }) };

async function storeWith(events: number): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (let index = 0; index < events; index += 1) {
    await store.append(`unit-${index}`, [{ id: randomUUID(), type: 'UnitRegistered', data: { index }, metadata: {} }], { expectedRevision: 'no_stream' });
  }
  return store;
}

t.test('events written between the head read and the checkpoint read are not "ahead of the log"', async (t) => {
  const store = await storeWith(5);
  const head = await store.headPosition();
  // The head the route read, then the runner applied two more events written meanwhile.
  await store.append('unit-late-1', [{ id: randomUUID(), type: 'UnitRegistered', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
  await store.append('unit-late-2', [{ id: randomUUID(), type: 'UnitRegistered', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
  let checkpoint = await store.headPosition();
  const check = withProjectionLag(alwaysReady, store, () => checkpoint, 30);

  const raced = await check.check(head);
  t.equal(raced.ok, true, 'ready: the log, read again, holds what the read models applied');
  t.equal(raced.detail.reason, undefined);
  t.equal(raced.detail.lagEvents, 0);

  // Later probes with up-to-date heads stay ready: nothing was latched.
  const after = await check.check(await store.headPosition());
  t.equal(after.ok, true);
  checkpoint = await store.headPosition();
  t.equal((await check.check(checkpoint)).ok, true);
});

t.test('read models ahead of the log as read after the checkpoint: not ready, and it stays so', async (t) => {
  const store = await storeWith(3);
  const head = (await store.headPosition())!;
  const check = withProjectionLag(alwaysReady, store, () => head + 5n, 30);
  const ahead = await check.check(head);
  t.equal(ahead.ok, false);
  t.match(ahead.detail.reason, new RegExp(`stood at position ${head + 5n}, beyond the end of the log \\(${head}\\)`));

  // The log grows past the checkpoint: still not ready (the read models skipped what it took).
  for (let index = 0; index < 10; index += 1) {
    await store.append(`unit-more-${index}`, [{ id: randomUUID(), type: 'UnitRegistered', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
  }
  const later = await check.check(await store.headPosition());
  t.equal(later.ok, false, 'latched');
  t.match(later.detail.reason, /beyond the end of the log/);
});

t.test('the head is read again only when the checkpoint looks ahead of the one given', async (t) => {
  const store = await storeWith(4);
  let reads = 0;
  const counting = Object.assign(Object.create(store) as InMemoryEventStore, {
    headPosition: () => {
      reads += 1;
      return store.headPosition();
    },
  });
  const head = await store.headPosition();
  const behind = withProjectionLag(alwaysReady, counting, () => head! - 1n, 30);
  await behind.check(head);
  t.equal(reads, 0, 'behind or level with the head given: no second read');
  const racing = withProjectionLag(alwaysReady, counting, () => head! + 1n, 30);
  await racing.check(head);
  t.equal(reads, 1, 'ahead of it: the head is read once more');
});
