import t from 'tap';
import { readAllGoingOn } from '../../src/integrity/read-all-going-on.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/store/event-store.js';
import { CorruptEventError } from '../../src/store/errors.js';

// The audit stream and exports read the log past events that cannot be read. A store reads ahead in
// pages (the embedded one 2,000 rows at a time), so what matters is how many rows are fetched:
// here a stand-in store that pages as the embedded one does and counts the rows it fetches.

const PAGE = 2_000;

function pagingStore(length: number, unreadable: (position: number) => boolean) {
  const counts = { fetched: 0, reads: 0 };
  const store = {
    async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
      counts.reads += 1;
      let at = options.fromPosition === undefined || options.fromPosition === 'start' ? 1 : Number(options.fromPosition);
      let remaining = options.maxCount ?? Infinity;
      while (at <= length && remaining > 0) {
        const page = Math.min(PAGE, remaining, length - at + 1);
        counts.fetched += page;
        remaining -= page;
        for (let position = at; position < at + page; position += 1) {
          if (unreadable(position)) throw new CorruptEventError(BigInt(position), 'case-x', 0n, null, 'its data is not valid JSON');
          yield { id: `e${position}`, type: 'UnitRegistered', streamName: `unit-${position}`, revision: 0n, position: BigInt(position), data: {}, metadata: {}, created: '' };
        }
        at += page;
      }
    },
  };
  return { store: store as unknown as EventStore, counts };
}

async function positionsRead(store: EventStore, options?: Parameters<typeof readAllGoingOn>[1]) {
  const read: string[] = [];
  for await (const entry of readAllGoingOn(store, options)) read.push(`${'unreadable' in entry ? 'x' : ''}${entry.position}`);
  return read;
}

t.test('every event in order, each unreadable one in its place', async (t) => {
  const { store } = pagingStore(10, (p) => p === 3 || p === 4 || p === 9);
  t.same(await positionsRead(store), ['1', '2', 'x3', 'x4', '5', '6', '7', '8', 'x9', '10']);
  t.same(await positionsRead(store, { fromPosition: 4n, maxCount: 3 }), ['x4', '5', '6'], 'from a position, at most maxCount entries');
  t.same(await positionsRead(store, { fromPosition: 8n, maxCount: 2 }), ['8', 'x9']);
  t.same(await positionsRead(pagingStore(0, () => false).store), [], 'an empty log');
});

t.test('a long run of unreadable events costs a row each, not a page each', async (t) => {
  // 20,000 events, 5,000 of them unreadable in a row in the middle.
  const { store, counts } = pagingStore(20_000, (p) => p > 10_000 && p <= 15_000);
  const read = await positionsRead(store);
  t.equal(read.length, 20_000);
  t.equal(read.filter((entry) => entry.startsWith('x')).length, 5_000);
  // Paging a full page after each one would fetch 5,000 × 2,000 rows.
  t.ok(counts.fetched <= 3 * 20_000, `${counts.fetched} rows fetched for a log of 20,000`);
});

t.test('readable stretches between scattered unreadable events are read in a few reads each', async (t) => {
  // One unreadable event every 1,000.
  const { store, counts } = pagingStore(50_000, (p) => p % 1_000 === 0);
  const read = await positionsRead(store);
  t.equal(read.length, 50_000);
  t.ok(counts.fetched <= 2 * 50_000, `${counts.fetched} rows fetched`);
  t.ok(counts.reads <= 50 * 12, `${counts.reads} reads: about log2(1,000) after each of the 50`);
});
