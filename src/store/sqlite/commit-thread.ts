import { StoreUnavailableError } from '../errors.js';
import { SharedThread, type ThreadLink, type ThreadListener } from '../../threads/shared-thread.js';
import { startSiblingWorker } from '../../threads/sibling-worker.js';
import type { FromCommitThread, ToCommitThread } from './commit-thread-messages.js';

// The process's commit thread (commit-worker.ts): one thread serves every store file of the process.
// When it stops, the next store to link starts a new one; the stores on the old one reopen their
// writing connections there (threaded-group-commit.ts).

let shared: SharedThread<ToCommitThread, FromCommitThread> | null = null;

/** Links a store to the commit thread, starting the thread if there is none (or it stopped). */
export function linkCommitThread(listener: ThreadListener<FromCommitThread>): ThreadLink<ToCommitThread> {
  if (!shared || shared.failed) {
    shared = new SharedThread(startSiblingWorker(import.meta.url, 'commit-worker', { name: 'store-commits' }), answersIn, (why, cause) =>
      new StoreUnavailableError(`The store's commit thread ${why}`, cause ? { cause } : undefined),
    );
  }
  return shared.link(listener);
}

/**
 * Stops the commit thread, as a crash would: appends it has not answered fail, and the stores
 * linked to it reopen their writer on a new thread at their next append. For tests of that recovery.
 */
export async function terminateCommitThread(): Promise<void> {
  await shared?.terminate();
}

function answersIn(message: FromCommitThread): number {
  switch (message.type) {
    case 'committed':
      return message.outcomes.length;
    case 'commit-failed':
      return message.appends;
    default:
      return 1;
  }
}
