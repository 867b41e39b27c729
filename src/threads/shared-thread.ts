import type { Worker } from 'node:worker_threads';

// A worker thread shared by every store a process opens (starting a thread costs far more than
// opening a connection, and a process of the register has one store). Each store links to it under
// a number of its own and hears only its own answers. The thread keeps the process alive only while
// it owes answers, so an idle open store never stops a script from ending. A thread that failed
// stays failed: whoever shares it starts a new one (see commit-thread.ts) and links again.

export interface ThreadMessage {
  store: number;
}

/** A store's view of the thread: its answers, or that the thread itself stopped. */
export interface ThreadListener<From> {
  answer(message: From): void;
  threadFailed(error: Error): void;
}

export interface ThreadLink<To> {
  readonly store: number;
  /** Sends `message`, which the thread will answer with `answers` answers in all. */
  send(message: To, answers: number): void;
  unlink(): void;
}

export class SharedThread<To extends ThreadMessage, From extends ThreadMessage> {
  private readonly listeners = new Map<number, ThreadListener<From>>();
  private lastStore = 0;
  private owed = 0;
  private failure: Error | null = null;

  constructor(
    private readonly worker: Worker,
    /** How many answers a message of the thread counts for. */
    answersIn: (message: From) => number,
    /** Wraps why the thread stopped into the error its stores report. */
    stopped: (why: string, cause?: Error) => Error,
  ) {
    worker.unref();
    worker.on('message', (message: From) => {
      this.settle(answersIn(message));
      this.listeners.get(message.store)?.answer(message);
    });
    worker.on('error', (error) => this.fail(stopped(`failed: ${error.message}`, error)));
    // An answer that could not be received is lost, and every later answer would go to the wrong append.
    worker.on('messageerror', (error) => this.fail(stopped(`sent an answer that could not be received: ${error.message}`, error)));
    worker.on('exit', (code) => this.fail(stopped(`stopped (exit code ${code})`)));
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  link(listener: ThreadListener<From>): ThreadLink<To> {
    const store = ++this.lastStore;
    this.listeners.set(store, listener);
    return {
      store,
      send: (message, answers) => {
        if (this.failure) {
          listener.threadFailed(this.failure);
          return;
        }
        if (this.owed === 0 && answers > 0) this.worker.ref();
        this.owed += answers;
        this.worker.postMessage(message);
      },
      unlink: () => {
        this.listeners.delete(store);
      },
    };
  }

  private settle(answers: number): void {
    this.owed = Math.max(0, this.owed - answers);
    if (this.owed === 0) this.worker.unref();
  }

  /** Stops the thread; every linked store is told it stopped. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.owed = 0;
    // A thread given up on must not go on working beside the one that replaces it.
    void this.worker.terminate();
    for (const listener of this.listeners.values()) listener.threadFailed(error);
    this.listeners.clear();
  }
}
