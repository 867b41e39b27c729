import type { IdempotencyScope, IdempotencyStore, StoredAnswer } from '../http/idempotency/idempotency-store.js';
import { StoreUnavailableError } from '../store/errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { OperationsLogger } from './operations-logger.js';

// The Idempotency-Key answers live in DATA_DIR too, so when the folder cannot be written (or not
// yet opened) they fail with the event store. This wrapper opens the file when it can (the
// register starts without it, and tries again on use, no more often than its backoff allows) and
// turns a failure of the file into StoreUnavailableError: a write with an Idempotency-Key is then
// answered 503 before anything runs, instead of a 500.

export interface ResilientIdempotencyStore extends IdempotencyStore {
  /**
   * Null once the file is open; else why it could not be opened. (A failure of one read or write is
   * answered 503 on its own and does not count here: the event store's probe watches the disk.)
   */
  problem(): string | null;
}

export function resilientIdempotencyStore(
  open: () => IdempotencyStore,
  options: { backoff?: BackoffPolicy; logger?: OperationsLogger; now?: () => number } = {},
): ResilientIdempotencyStore {
  const now = options.now ?? Date.now;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  let store: IdempotencyStore | null = null;
  let problem: string | null = null;
  let attempts = 0;
  let nextAttemptAt = 0;
  let closed = false;

  function tryOpen(): IdempotencyStore | null {
    if (store || closed) return store;
    if (now() < nextAttemptAt) return null;
    try {
      store = open();
      if (problem !== null) options.logger?.info('the idempotency records are available again');
      problem = null;
      attempts = 0;
    } catch (error) {
      const reason = `the idempotency records could not be opened: ${(error as Error).message}`;
      if (reason !== problem) options.logger?.warn('the idempotency records are not available; retrying', { reason });
      problem = reason;
      nextAttemptAt = now() + backoffDelay(attempts, policy);
      attempts += 1;
    }
    return store;
  }

  function using<T>(what: string, use: (opened: IdempotencyStore) => T): T {
    const opened = tryOpen();
    if (!opened) throw new StoreUnavailableError(`The idempotency records are unavailable (${problem ?? 'closed'}); nothing was written`);
    try {
      return use(opened);
    } catch (error) {
      throw new StoreUnavailableError(`The idempotency records could not be ${what === 'find' ? 'read' : 'written'}: ${(error as Error).message}`, { cause: error });
    }
  }

  tryOpen();
  return {
    // Asked by readiness: also the moment to try opening again (within the backoff), so the
    // register becomes ready by itself once DATA_DIR can be written, without waiting for a write.
    problem: () => (tryOpen() === null ? problem ?? 'closed' : problem),
    find: (scope: IdempotencyScope) => using('find', (opened) => opened.find(scope)),
    save: (scope: IdempotencyScope, answer: StoredAnswer) => using('save', (opened) => opened.save(scope, answer)),
    purgeOlderThan: (epochMs: number) => using('purge', (opened) => opened.purgeOlderThan(epochMs)),
    close() {
      closed = true;
      store?.close();
      store = null;
    },
  };
}
