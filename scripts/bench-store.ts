// npm run bench:store — how fast the embedded store makes appends durable, and how fast it replays.
//
//   1. fsyncPerSecond: a short loop writing one 4 KiB page and calling fdatasync, on the same disk,
//      so the append figure can be read as a ratio to what one fsync per append would allow.
//   2. appendsPerSecond: durable single-event appends from 50 concurrent producers over 1,000
//      streams; each producer reads the stream, then appends with the exact expected revision.
//   3. replayEventsPerSecond: the whole log through readAll (every event's data and metadata parsed).
//
// A human summary, then as the last line one JSON object (also written to bench-results/store.json).
// Options: --producers 50 --streams 1000 --appends 60000 --read full|last --keep

import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ExpectedRevision } from '../src/store/event-store.js';
import { StreamNotFoundError } from '../src/store/errors.js';
import { openSqliteEventStore, type SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';

const { values: args } = parseArgs({
  options: {
    producers: { type: 'string', default: '50' },
    streams: { type: 'string', default: '1000' },
    appends: { type: 'string', default: '60000' },
    read: { type: 'string', default: 'full' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/store.json' },
  },
});
const producers = Number(args.producers);
const streams = Number(args.streams);
const totalAppends = Number(args.appends);
const readMode = args.read === 'last' ? 'last' : 'full';

/** fdatasync calls per second after rewriting one 4 KiB page of a preallocated file (as a WAL commit does). */
function measureFsync(dir: string, durationMs = 1_500): number {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(4096, 7);
  const pages = 256;
  try {
    for (let index = 0; index < pages; index += 1) writeSync(fd, page, 0, page.length, index * page.length);
    fdatasyncSync(fd);
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      writeSync(fd, page, 0, page.length, (count % pages) * page.length);
      fdatasyncSync(fd);
      count += 1;
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

function eventFor(streamIndex: number, sequence: number) {
  return {
    id: randomUUID(),
    type: 'WarningEducationAttended',
    data: {
      officerId: `O${String(streamIndex).padStart(5, '0')}`,
      caseId: randomUUID(),
      attendedOn: '2024-05-08',
      topic: '警示教育：八不准、六严禁、四必究学习会',
      kind: 'criticism_education',
      sequence,
    },
    metadata: {
      $correlationId: randomUUID(),
      $causationId: randomUUID(),
      actor: 'hr-zhang',
      recordedAt: new Date().toISOString(),
    },
  };
}

async function expectedRevisionOf(store: SqliteEventStore, streamName: string): Promise<ExpectedRevision> {
  try {
    const events =
      readMode === 'full' ? await store.readStream(streamName) : await store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    return events[events.length - 1]!.revision;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return 'no_stream';
    throw error;
  }
}

/** Each producer owns every `producers`-th stream, so exact expected revisions never conflict. */
async function runProducers(store: SqliteEventStore, count: number, appends: number, durationMs = Number.POSITIVE_INFINITY) {
  let issued = 0;
  let conflicts = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const producer = async (index: number) => {
    let turn = 0;
    for (;;) {
      if (issued >= appends || performance.now() - started > durationMs) return;
      issued += 1;
      const streamIndex = index + count * (turn % Math.ceil(streams / count));
      turn += 1;
      const streamName = `officer-${streamIndex < streams ? streamIndex : index}`;
      const before = performance.now();
      const expectedRevision = await expectedRevisionOf(store, streamName);
      try {
        await store.append(streamName, [eventFor(streamIndex, turn)], { expectedRevision });
      } catch (error) {
        if ((error as Error).name !== 'WrongExpectedVersionError') throw error;
        conflicts += 1;
      }
      latencies.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: count }, (_, index) => producer(index)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return { appends: latencies.length - conflicts, conflicts, seconds, p50: percentile(50), p99: percentile(99) };
}

async function replay(store: SqliteEventStore) {
  const started = performance.now();
  let events = 0;
  let checksum = 0;
  for await (const event of store.readAll()) {
    events += 1;
    checksum += event.data['sequence'] as number;
  }
  return { events, seconds: (performance.now() - started) / 1000, checksum };
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
try {
  const fsyncBefore = measureFsync(dir);

  // One producer: every append waits for its own commit (the fsync-per-append baseline).
  const single = await openSqliteEventStore({ path: join(dir, 'single.db') });
  const alone = await runProducers(single, 1, Number.POSITIVE_INFINITY, 1_500);
  await single.close();

  const store = await openSqliteEventStore({ path: join(dir, 'events.db') });
  const loaded = await runProducers(store, producers, totalAppends);
  const stats = { ...store.stats };
  const fsyncAfter = measureFsync(dir);
  const replayed = await replay(store);
  await store.close();

  // The faster of the two fsync samples: the conservative reading of the ratio.
  const fsyncPerSecond = Math.max(fsyncBefore, fsyncAfter);
  const appendsPerSecond = loaded.appends / loaded.seconds;
  const replayEventsPerSecond = replayed.events / replayed.seconds;
  const result = {
    appendsPerSecond: round(appendsPerSecond),
    replayEventsPerSecond: round(replayEventsPerSecond),
    events: replayed.events,
    fsyncPerSecond: round(fsyncPerSecond),
    appendsPerFsync: round(appendsPerSecond / fsyncPerSecond, 2),
    appendTargetMet: appendsPerSecond >= 3 * fsyncPerSecond,
    replayTargetMet: replayEventsPerSecond >= 250_000,
    singleProducerAppendsPerSecond: round(alone.appends / alone.seconds),
    groupCommitSpeedup: round(appendsPerSecond / (alone.appends / alone.seconds), 2),
    producers,
    streams,
    readBeforeAppend: readMode,
    conflicts: loaded.conflicts,
    commits: stats.commits,
    meanAppendsPerCommit: round(stats.appends / stats.commits, 1),
    largestBatch: stats.largestBatch,
    appendLatencyP50Ms: round(loaded.p50, 2),
    appendLatencyP99Ms: round(loaded.p99, 2),
    fsyncSamples: [round(fsyncBefore), round(fsyncAfter)],
    node: process.version,
    measuredAt: new Date().toISOString(),
  };

  console.log('Embedded SQLite event store (WAL, synchronous=FULL, group commit)');
  console.log(`  fdatasync on this disk:        ${result.fsyncSamples.join(' / ')} per second (before / after the appends)`);
  console.log(`  one producer (no grouping):    ${result.singleProducerAppendsPerSecond} appends/s`);
  console.log(
    `  ${producers} producers, ${streams} streams: ${result.appendsPerSecond} appends/s (${loaded.appends} durable appends, read-${readMode} then append)`,
  );
  console.log(`                                 ${result.appendsPerFsync} x fsyncPerSecond (target >= 3), ${result.meanAppendsPerCommit} appends per commit, p50 ${result.appendLatencyP50Ms} ms, p99 ${result.appendLatencyP99Ms} ms`);
  console.log(`  replay of ${replayed.events} events:       ${result.replayEventsPerSecond} events/s (target >= 250000)`);
  mkdirSync(join(args.out, '..'), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
