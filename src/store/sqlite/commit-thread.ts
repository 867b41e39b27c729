import type { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../errors.js';
import { startSiblingWorker } from '../../threads/sibling-worker.js';
import type { FromCommitThread, ToCommitThread } from './commit-thread-messages.js';

// One commit thread per process (commit-worker.ts), shared by every store file opened with it:
// starting a thread costs far more than opening a connection, and a process of the register has
// one store. The thread keeps the process alive only while it owes an answer, so an idle open
// store never stops a script from ending (as an idle connection on this thread would not).

export interface CommitThreadLink {
  send(message: ToCommitThread, answers: number): void;
  /** Stops listening (after the store's `closed`). */
  unlink(): void;
}

/** A store's view of the thread's answers; `threadFailed` when the thread itself stopped. */
export interface CommitThreadListener {
  answer(message: FromCommitThread): void;
  threadFailed(error: Error): void;
}

class CommitThread {
  private readonly listeners = new Map<number, CommitThreadListener>();
  private lastStore = 0;
  /** Answers the thread owes: while there are any, it keeps the process alive. */
  private owed = 0;
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (message: FromCommitThread) => {
      this.settle(answersIn(message));
      this.listeners.get(message.store)?.answer(message);
    });
    worker.on('error', (error) => this.fail(new StoreUnavailableError(`The store's commit thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.fail(new StoreUnavailableError(`The store's commit thread stopped (exit code ${code})`)));
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  link(listener: CommitThreadListener): { store: number } & CommitThreadLink {
    const store = ++this.lastStore;
    this.listeners.set(store, listener);
    return {
      store,
      send: (message, answers) => {
        if (this.failure) {
          listener.threadFailed(this.failure);
          return;
        }
        this.owe(answers);
        this.worker.postMessage(message);
      },
      unlink: () => {
        this.listeners.delete(store);
      },
    };
  }

  private owe(answers: number): void {
    if (this.owed === 0 && answers > 0) this.worker.ref();
    this.owed += answers;
  }

  private settle(answers: number): void {
    this.owed -= answers;
    if (this.owed <= 0) {
      this.owed = 0;
      this.worker.unref();
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    if (shared === this) shared = null;
    for (const listener of this.listeners.values()) listener.threadFailed(error);
    this.listeners.clear();
  }
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

let shared: CommitThread | null = null;

/** Links a store to the process's commit thread, starting the thread if there is none (or it failed). */
export function linkCommitThread(listener: CommitThreadListener): { store: number } & CommitThreadLink {
  if (!shared || shared.failed) shared = new CommitThread(startSiblingWorker(import.meta.url, 'commit-worker', { name: 'store-commits' }));
  return shared.link(listener);
}
