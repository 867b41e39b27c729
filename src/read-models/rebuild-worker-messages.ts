import type { RecordedEvent } from '../store/event-store.js';

// What a rebuild and its helper thread tell each other (structured clone: bigints pass).

export interface RebuildWorkerData {
  /** The helper's own throwaway file; the rebuild copies its tables into the read models at the end. */
  path: string;
  /** The projections the helper builds, by name (from allProjections). */
  projections: readonly string[];
  batchSize: number;
  maxCachedRows: number;
  /**
   * The log's SQLite file, when the helper reads it itself (up to `upTo`, only the event types its
   * projections answer); absent, the rebuild sends it the events.
   */
  log?: { file: string; upTo: bigint | null; types: readonly string[] | null };
}

export type ToRebuildWorker =
  | { kind: 'events'; events: RecordedEvent[] }
  /** Every event was sent: write everything and answer `done`. */
  | { kind: 'end' };

export type FromRebuildWorker =
  | { kind: 'applied' }
  /** Everything is written; `events`: how many events were applied. */
  | { kind: 'done'; events: number }
  | { kind: 'failed'; error: string };
