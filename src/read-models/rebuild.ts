import fs from 'node:fs';
import { allProjections } from '../../projections/index.js';
import type { AnyProjection } from '../../projections/projection.js';
import type { EventStore } from '../store/event-store.js';
import { ProjectionEngine } from './projection-engine.js';
import { openReadModelDatabase, type ReadModelDatabase } from './read-model-database.js';

// A full rebuild: every read model from position zero into a fresh file, reading the log in order
// and committing in large batches. The file is throwaway until done (no journal, no fsync, indexes
// built at the end), then switched to the normal journal and durability.

export interface RebuildOptions {
  store: EventStore;
  /** The new read-model file; an existing file there is replaced. */
  path: string;
  projections?: readonly AnyProjection[];
  /** Events per transaction (default 20,000). */
  batchSize?: number;
  maxCachedRows?: number;
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

export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${path}${suffix}`, { force: true });
}

export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  removeDatabaseFiles(options.path);
  const database = openReadModelDatabase({
    path: options.path,
    projections: options.projections ?? allProjections,
    cacheMb: 16,
    deferIndexes: true,
    bulk: true,
  });
  // Write-back: a row is written when the cache lets it go (or at the end), not once per batch.
  const engine = new ProjectionEngine(database, { maxCachedRows: options.maxCachedRows ?? 20_000, fresh: true, writeBack: true });
  const batchSize = options.batchSize ?? 20_000;
  const progressEvery = options.progressEvery ?? 100_000;
  let events = 0;
  try {
    for await (const event of options.store.readAll()) {
      engine.apply(event);
      events += 1;
      if (engine.pendingEvents >= batchSize) engine.spill();
      if (options.onProgress && events % progressEvery === 0) options.onProgress({ events, position: engine.stagedPosition });
    }
    engine.flush();
    database.finishBulk();
  } catch (error) {
    database.close();
    throw error;
  }
  options.onProgress?.({ events, position: engine.committedPosition });
  return { database, events, position: engine.committedPosition, ms: performance.now() - started };
}
