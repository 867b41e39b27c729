// npm run bench:store — how fast the embedded store makes appends durable, and how fast it replays.
//
//   1. fsyncPerSecond: a short loop appending one 4 KiB page to a file and calling fdatasync, on the
//      same disk, so the append figure reads as a ratio to what one fsync per append would allow;
//      also fsyncOverwritePerSecond, the same loop rewriting a page in place (the disk's best case).
//   2. appendsPerSecond: durable single-event appends from 50 concurrent producers over 1,000
//      streams; each producer reads the stream's last event (--read last, the default) or the whole
//      stream (--read full), then appends with that exact expected revision. Also the process's CPU
//      time per append, which moves far less than the rate when the machine is shared.
//   3. replayEventsPerSecond: the whole log through readAll (every event's data and metadata parsed),
//      after topping the log up with bulk appends to --replay-events events; peak RSS while replaying
//      shows that the log is streamed, not loaded. The log is read --replay-passes times (default 3)
//      and the fastest pass is the figure, as Python's timeit reports: on a shared machine the slower
//      passes measure the neighbours. Every pass, and their median, is in the JSON.
//
// A human summary, then as the last line one JSON object (also written to bench-results/store.json).
// Options: --producers 50 --streams 1000 --appends 60000 --replay-events 250000 --read last|full
//          --ids v4|v7 (event ids random as the register makes them today, or time-ordered) --keep

import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ExpectedRevision } from '../src/store/event-store.js';
import { StreamNotFoundError } from '../src/store/errors.js';
import { openSqliteEventStore, type SqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';

const { values: args } = parseArgs({
  options: {
    producers: { type: 'string', default: '50' },
    streams: { type: 'string', default: '1000' },
    appends: { type: 'string', default: '60000' },
    'replay-events': { type: 'string', default: '250000' },
    'replay-passes': { type: 'string', default: '3' },
    read: { type: 'string', default: 'last' },
    ids: { type: 'string', default: 'v4' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/store.json' },
  },
});
const producers = Number(args.producers);
const streams = Number(args.streams);
const totalAppends = Number(args.appends);
const readMode = args.read === 'full' ? 'full' : 'last';
const replayEvents = Number(args['replay-events']);
const replayPasses = Number(args['replay-passes']);
if (!Number.isInteger(replayPasses) || replayPasses < 1) throw new Error(`--replay-passes: a whole number >= 1, got ${args['replay-passes']}`);
const idKind = args.ids === 'v7' ? 'v7' : 'v4';

/** A time-ordered uuid (RFC 9562 version 7): new ids land at the end of the id index. */
function uuidV7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const newEventId = idKind === 'v7' ? uuidV7 : randomUUID;

/**
 * fdatasync calls per second, each after writing one 4 KiB page. `append` grows the file with every
 * page (a durable append to a log: the file system commits the new size too; this is the figure
 * the targets were set against, ~4,500/s on our machines); `overwrite` rewrites pages of a
 * preallocated file in place (the cheapest fsync the disk offers).
 */
function measureFsync(dir: string, mode: 'append' | 'overwrite', durationMs = 1_000): number {
  const file = join(dir, `fsync-probe-${mode}.bin`);
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(4096, 7);
  const pages = 256;
  try {
    if (mode === 'overwrite') {
      for (let index = 0; index < pages; index += 1) writeSync(fd, page, 0, page.length, index * page.length);
      fdatasyncSync(fd);
    }
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      writeSync(fd, page, 0, page.length, (mode === 'append' ? count : count % pages) * page.length);
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
    id: newEventId(),
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

/** Bulk appends of 100 events until the log holds `total` events. */
async function topUp(store: SqliteEventStore, total: number): Promise<void> {
  let count = Number((await store.headPosition()) ?? 0n);
  let round = 0;
  while (count < total) {
    const appends: Array<Promise<unknown>> = [];
    for (let index = 0; index < 20 && count < total; index += 1, round += 1) {
      const size = Math.min(100, total - count);
      const streamIndex = round % streams;
      appends.push(store.append(`officer-${streamIndex}`, Array.from({ length: size }, (_, part) => eventFor(streamIndex, part)), { expectedRevision: 'any' }));
      count += size;
    }
    await Promise.all(appends);
  }
}

async function replay(store: SqliteEventStore) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let events = 0;
  let checksum = 0;
  let peakRss = process.memoryUsage.rss();
  for await (const event of store.readAll()) {
    events += 1;
    checksum += event.data['sequence'] as number;
    if (events % 20_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { events, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, checksum, peakRssMb: peakRss / 2 ** 20 };
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
try {
  const fsyncBefore = measureFsync(dir, 'append');
  const overwriteBefore = measureFsync(dir, 'overwrite');

  // One producer: every append waits for its own commit (the fsync-per-append baseline).
  const single = await openSqliteEventStore({ path: join(dir, 'single.db') });
  const alone = await runProducers(single, 1, Number.POSITIVE_INFINITY, 1_500);
  await single.close();

  const store = await openSqliteEventStore({ path: join(dir, 'events.db') });
  const appendCpuBefore = process.cpuUsage();
  const loaded = await runProducers(store, producers, totalAppends);
  const appendCpu = process.cpuUsage(appendCpuBefore);
  const stats = { ...store.stats };
  const fsyncAfter = measureFsync(dir, 'append');
  const overwriteAfter = measureFsync(dir, 'overwrite');
  await topUp(store, replayEvents);
  const passes = [];
  for (let pass = 0; pass < replayPasses; pass += 1) passes.push(await replay(store));
  await store.close();
  const replayed = passes.reduce((fastest, pass) => (pass.seconds < fastest.seconds ? pass : fastest));

  // The faster of the two fsync samples: the conservative reading of the ratio.
  const fsyncPerSecond = Math.max(fsyncBefore, fsyncAfter);
  const fsyncOverwritePerSecond = Math.max(overwriteBefore, overwriteAfter);
  const appendsPerSecond = loaded.appends / loaded.seconds;
  const replayEventsPerSecond = replayed.events / replayed.seconds;
  const result = {
    appendsPerSecond: round(appendsPerSecond),
    replayEventsPerSecond: round(replayEventsPerSecond),
    events: replayed.events,
    fsyncPerSecond: round(fsyncPerSecond),
    appendsPerFsync: round(appendsPerSecond / fsyncPerSecond, 2),
    appendTargetMet: appendsPerSecond >= 3 * fsyncPerSecond,
    fsyncOverwritePerSecond: round(fsyncOverwritePerSecond),
    appendsPerOverwriteFsync: round(appendsPerSecond / fsyncOverwritePerSecond, 2),
    replayTargetMet: replayEventsPerSecond >= 250_000,
    // Events per second of CPU the replay actually got: on a machine shared with other work, what it
    // would do with a core to itself (the replay is single-threaded and does no waiting).
    replayEventsPerCpuSecond: round(replayed.events / replayed.cpuSeconds),
    replayPeakRssMb: round(Math.max(...passes.map((pass) => pass.peakRssMb))),
    replayPasses: passes.length,
    replayPassesEventsPerSecond: passes.map((pass) => round(pass.events / pass.seconds)),
    replayPassesMedianEventsPerSecond: round(median(passes.map((pass) => pass.events / pass.seconds))),
    singleProducerAppendsPerSecond: round(alone.appends / alone.seconds),
    groupCommitSpeedup: round(appendsPerSecond / (alone.appends / alone.seconds), 2),
    producers,
    streams,
    readBeforeAppend: readMode,
    eventIds: idKind,
    conflicts: loaded.conflicts,
    commits: stats.commits,
    meanAppendsPerCommit: round(stats.appends / stats.commits, 1),
    largestBatch: stats.largestBatch,
    appendLatencyP50Ms: round(loaded.p50, 2),
    appendLatencyP99Ms: round(loaded.p99, 2),
    // CPU time of this process per append (producers' reads and event building included; time
    // spent waiting for fsync is not CPU): the figure to compare across runs on a shared machine.
    appendCpuMicroseconds: round((appendCpu.user + appendCpu.system) / (loaded.appends + loaded.conflicts), 1),
    fsyncSamples: [round(fsyncBefore), round(fsyncAfter)],
    fsyncOverwriteSamples: [round(overwriteBefore), round(overwriteAfter)],
    node: process.version,
    measuredAt: new Date().toISOString(),
  };

  console.log('Embedded SQLite event store (WAL, synchronous=FULL, group commit)');
  console.log(`  append 4 KiB + fdatasync:      ${result.fsyncSamples.join(' / ')} per second (before / after the appends)`);
  console.log(`  rewrite 4 KiB + fdatasync:     ${result.fsyncOverwriteSamples.join(' / ')} per second (the disk's best case)`);
  console.log(`  one producer (no grouping):    ${result.singleProducerAppendsPerSecond} appends/s`);
  console.log(
    `  ${producers} producers, ${streams} streams: ${result.appendsPerSecond} appends/s (${loaded.appends} durable appends, read-${readMode} then append, uuid ${idKind} ids)`,
  );
  console.log(`                                 ${result.appendsPerFsync} x fsyncPerSecond (target >= 3), ${result.appendsPerOverwriteFsync} x the best-case fsync rate`);
  console.log(`                                 ${result.meanAppendsPerCommit} appends per commit, p50 ${result.appendLatencyP50Ms} ms, p99 ${result.appendLatencyP99Ms} ms`);
  console.log(`                                 ${result.appendCpuMicroseconds} us of CPU per append (read, event, checks, insert, commit)`);
  console.log(
    `  replay of ${replayed.events} events:      ${result.replayEventsPerSecond} events/s, the fastest of ${passes.length} passes (${result.replayPassesEventsPerSecond.join(' / ')}; target >= 250000), peak RSS ${result.replayPeakRssMb} MiB`,
  );
  console.log(`                                 ${result.replayEventsPerCpuSecond} events per CPU-second`);
  mkdirSync(join(args.out, '..'), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
