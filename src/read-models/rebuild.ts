import fs from 'node:fs';
import os from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { allProjections } from '../../projections/index.js';
import { PROJECTED_METADATA_FIELDS } from '../../projections/projected-event.js';
import type { AnyProjection } from '../../projections/projection.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { countLogEvents, eventIdAt, readLogFile } from '../store/sqlite/log-file-reader.js';
import { ProjectionEngine } from './projection-engine.js';
import { openReadModelDatabase, quoteIdentifier, sqlTableName, type ReadModelDatabase } from './read-model-database.js';
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from './rebuild-worker-messages.js';

// A full rebuild: every read model from position zero into a fresh file, reading the log in order.
// The file is throwaway until done (no journal, no fsync, rows written back from a cache, indexes
// built at the end), then switched to the normal journal and durability.
//
// With a second core, the projections are shared between this thread and a helper thread: this
// thread reads the log and builds the officer history, the rotation schedule and the case register;
// the helper builds the statistics and the alerts into a file of its own, whose tables are copied
// into the read models at the end (this thread writes its own rows and the checkpoint meanwhile:
// the file counts as built only once finishBulk() has run, after the copy). When the log is a SQLite file
// each thread reads it itself, only the event types its projections answer; otherwise this thread
// reads the store and sends the helper its events (copying them to another thread costs about as
// much as reading them). Both read up to the head the log had when the rebuild began. From the file,
// each reads only the metadata fields a projection may read.

export interface RebuildOptions {
  store: EventStore;
  /** The new read-model file; an existing file there is replaced. */
  path: string;
  projections?: readonly AnyProjection[];
  /** Events between two writes of what the cache lets go (default 20,000). */
  batchSize?: number;
  /** Rows kept cached per table between batches (default 10,000). */
  maxCachedRows?: number;
  /** Build some projections on a helper thread (default: when the machine has two cores or more). */
  helperThread?: boolean;
  /**
   * The store's SQLite file, when it has one: each thread then reads from it, itself, only the
   * event types its projections answer (progress then counts the events this thread read).
   */
  logFile?: string;
  onProgress?: (progress: { events: number; position: bigint | null }) => void;
  /** How often onProgress is called, in events (default 100,000). */
  progressEvery?: number;
}

export interface RebuildResult {
  database: ReadModelDatabase;
  events: number;
  position: bigint | null;
  ms: number;
}

/** The projections this thread builds when a helper thread builds the others. */
// Balanced by measurement on the benchmark bureau: the officer history reads the case events anyway,
// so the case register costs this thread no more reading (both threads then end together).
const BUILT_HERE: ReadonlySet<string> = new Set(['officer_history', 'rotation_schedule', 'case_register']);
/** Events per message to the helper, and messages it may have still to apply (bounds the memory). */
const EVENTS_PER_MESSAGE = 1_000;
const MESSAGES_IN_FLIGHT = 8;

export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${path}${suffix}`, { force: true });
}

export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  removeDatabaseFiles(options.path);
  const projections = options.projections ?? allProjections;
  const database = openReadModelDatabase({ path: options.path, projections, cacheMb: 16, deferIndexes: true, bulk: true });
  const batchSize = options.batchSize ?? 20_000;
  const maxCachedRows = options.maxCachedRows ?? 10_000;
  const progressEvery = options.progressEvery ?? 100_000;
  // Only the register's own projections can be built by name on another thread.
  const shared = (options.helperThread ?? os.availableParallelism() > 1)
    && projections.every((p) => allProjections.includes(p))
    && projections.some((p) => BUILT_HERE.has(p.name)) && projections.some((p) => !BUILT_HERE.has(p.name));
  const here = shared ? projections.filter((p) => BUILT_HERE.has(p.name)) : projections;
  const engine = new ProjectionEngine({ ...database, projections: here }, { maxCachedRows, fresh: true, writeBack: true });
  const helperPath = `${options.path}.helper`;
  const elsewhere = projections.filter((p) => !here.includes(p));
  // The helper is given only the events its projections answer (when they all say which).
  const helperTypes = elsewhere.every((p) => p.eventTypes) ? new Set(elsewhere.flatMap((p) => [...p.eventTypes!])) : null;
  const upTo = await options.store.headPosition();
  if (options.logFile !== undefined) await assertSameLog(options.store, options.logFile, upTo);
  const helperReadsLog = shared && options.logFile !== undefined;
  const helper = shared ? startHelper({
    path: helperPath, projections: elsewhere.map((p) => p.name), batchSize, maxCachedRows,
    ...(helperReadsLog ? { log: { file: options.logFile!, upTo, types: helperTypes ? [...helperTypes] : null } } : {}),
  }) : null;
  /** Events of the helper's types sent to it (it must apply as many). */
  let forwarded = 0;
  /** Events read by this thread. */
  let read = 0;
  /** Applies an event here; true when that filled a batch and it was spilled. */
  const applyHere = (event: RecordedEvent): boolean => {
    engine.apply(event);
    read += 1;
    if (options.onProgress && read % progressEvery === 0) options.onProgress({ events: read, position: engine.stagedPosition });
    if (engine.pendingEvents < batchSize) return false;
    engine.spill();
    return true;
  };
  /**
   * Once a batch: lets the helper's messages in (reading the file is synchronous), so that a helper
   * that failed stops the rebuild now, not once this thread has read the whole log.
   */
  const heedHelper = async () => {
    if (!helper) return;
    await new Promise(setImmediate);
    helper.check();
  };
  let events: number;
  try {
    if (options.logFile !== undefined) {
      // From the file, only the types this thread's projections answer (all, when one does not say).
      const types = here.every((p) => p.eventTypes) ? [...new Set(here.flatMap((p) => [...p.eventTypes!]))] : undefined;
      for (const event of readLogFile(options.logFile, { upTo, metadataFields: PROJECTED_METADATA_FIELDS, ...(types ? { types } : {}) })) {
        if (applyHere(event)) await heedHelper();
      }
      // The events no projection here answers are passed over, not skipped: the checkpoint is the head.
      if (upTo !== null) engine.passTo(upTo);
      events = countLogEvents(options.logFile, upTo);
    } else {
      let forward: RecordedEvent[] = [];
      for await (const event of options.store.readAll()) {
        if (upTo === null || event.position > upTo) break;
        if (applyHere(event)) await heedHelper();
        if (helper && (!helperTypes || helperTypes.has(event.type))) {
          forwarded += 1;
          forward.push(event);
          if (forward.length >= EVENTS_PER_MESSAGE) {
            await helper.send(forward);
            forward = [];
          }
        }
      }
      if (helper && forward.length > 0) await helper.send(forward);
      events = read;
    }
    // This thread's rows are written while the helper may still be at work. The file is marked as
    // being built until finishBulk(), so a checkpoint written before the helper's tables are in
    // cannot be taken for a finished read model.
    engine.flush();
    if (helper) {
      const applied = await helper.finish();
      if (!helperReadsLog && applied !== forwarded) throw new Error(`The rebuild's helper thread applied ${applied} events, not the ${forwarded} it was sent`);
      copyTables(database, helperPath, elsewhere);
    }
    database.finishBulk();
  } catch (error) {
    database.close();
    throw error;
  } finally {
    await helper?.stop();
    removeDatabaseFiles(helperPath);
  }
  options.onProgress?.({ events, position: engine.committedPosition });
  return { database, events, position: engine.committedPosition, ms: performance.now() - started };
}

/** The file must hold the store's log: the same event at the store's head. */
async function assertSameLog(store: EventStore, logFile: string, head: bigint | null): Promise<void> {
  const inStore = head === null ? null : (await store.readAt([head]))[0]?.id ?? null;
  const inFile = head === null ? null : eventIdAt(logFile, head);
  if (inStore !== inFile) {
    throw new Error(`${logFile} is not the store's log: at the store's head (${String(head)}) it holds ${inFile ?? 'no event'}, the store ${inStore ?? 'none'}`);
  }
}

interface Helper {
  /** Throws the helper's failure, if it has failed. */
  check(): void;
  /** Forwards events; resolves once the helper is few enough messages behind. */
  send(events: RecordedEvent[]): Promise<void>;
  /** Resolves with the number of events the helper applied once everything it built is in its file. */
  finish(): Promise<number>;
  stop(): Promise<void>;
}

function startHelper(data: RebuildWorkerData): Helper {
  removeDatabaseFiles(data.path);
  // The helper's heap has the same cap as this thread's (the register runs with a capped heap).
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
  const worker = newWorker(data, heapMb);
  let inFlight = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  /** What the helper applied, once it is done. */
  let applied: number | undefined;
  let finished = false;
  const fail = (error: Error) => {
    failure ??= error;
    wake?.();
  };
  worker.on('message', (message: FromRebuildWorker) => {
    if (message.kind === 'applied') inFlight -= 1;
    else if (message.kind === 'done') {
      finished = true;
      applied = message.events;
    }
    else fail(new Error(`The rebuild's helper thread failed: ${message.error}`));
    wake?.();
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => {
    if (!finished) fail(new Error(`The rebuild's helper thread exited (${code})`));
  });
  const waitFor = async (ready: () => boolean) => {
    while (!ready()) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    if (failure) throw failure;
  };
  const post = (message: ToRebuildWorker) => worker.postMessage(message);
  return {
    check() {
      if (failure) throw failure;
    },
    async send(events) {
      if (failure) throw failure;
      inFlight += 1;
      post({ kind: 'events', events });
      await waitFor(() => inFlight < MESSAGES_IN_FLIGHT);
    },
    async finish() {
      // A helper that reads the log itself needs no end: it is done when it has read it.
      if (!data.log) post({ kind: 'end' });
      await waitFor(() => applied !== undefined);
      return applied!;
    },
    async stop() {
      finished = true;
      await worker.terminate();
    },
  };
}

/** Run from TypeScript sources (tsx), a worker thread does not inherit tsx's loader: it registers it first. */
function newWorker(data: RebuildWorkerData, heapMb: number): Worker {
  const options = { workerData: data, name: 'rebuild', resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./rebuild-worker.js', import.meta.url), options);
  const entry = new URL('./rebuild-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** Copies the helper's tables (same layout, created by the same code) into the read models. */
function copyTables(database: ReadModelDatabase, from: string, projections: readonly AnyProjection[]): void {
  const { db } = database;
  db.prepare('ATTACH DATABASE ? AS helper').run(from);
  try {
    db.transaction(() => {
      for (const projection of projections) {
        for (const table of Object.keys(projection.tables)) {
          const q = quoteIdentifier(sqlTableName(projection.name, table));
          db.exec(`INSERT INTO main.${q} SELECT * FROM helper.${q}`);
        }
      }
    }).immediate();
  } finally {
    db.exec('DETACH DATABASE helper');
  }
}
