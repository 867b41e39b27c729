import type { RecordedEvent } from '../store/event-store.js';
import type { SentError } from '../store/sqlite/sent-error.js';
import type { ProjectionRunnerStatus } from './projection-runner.js';

// What the request thread and the projection thread tell each other (structured clone: bigints pass).

export interface ProjectionWorkerData {
  storePath: string;
  databasePath: string;
  batchSize?: number;
  commitDelayMs: number;
  /** How often an idle subscription looks at the log when no append was signalled (writes by other processes). */
  pollMs: number;
  /** Shared memory the request thread bumps after each append (see append-signal.ts). */
  appendSignal: SharedArrayBuffer;
  /** Events the request thread's reactors act on: only these are sent back to it. */
  reactorEventTypes: readonly string[];
  /**
   * The request thread mends a read-models file found damaged: the thread then stops following the
   * log when it meets such damage, and says so ('readModelsDamaged'), rather than retry for ever.
   */
  mendsReadModelDamage: boolean;
}

export type ToWorker =
  | { type: 'start' }
  | { type: 'stop' }
  /** A reader waits for this position: commit it without delay. */
  | { type: 'want'; position: bigint }
  | { type: 'reacted'; id: number; error?: string };

export type FromWorker =
  | { type: 'ready'; status: ProjectionRunnerStatus }
  | { type: 'progress'; status: ProjectionRunnerStatus }
  | { type: 'react'; id: number; event: RecordedEvent }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }
  | { type: 'stopped'; status: ProjectionRunnerStatus }
  | { type: 'failed'; error: string }
  /** Reading the log met SQLite finding the store's file damaged (not the read models' file). */
  | { type: 'logDamaged'; error: SentError }
  /** A commit or a read of the read models met SQLite finding their own file damaged: the thread has stopped following the log. */
  | { type: 'readModelsDamaged'; error: SentError };
