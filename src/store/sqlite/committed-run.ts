// The run of log positions the commit thread has committed for one store with nothing of anyone
// else's between them, published through shared memory as each transaction commits: before its
// answer reaches the store's thread, that thread can tell that events past what it has been
// answered are its own appends still on their way (verified-heads.ts), not another writer's.
//
// Layout (BigInt64): [sequence, first position of the run, last position of the run]. The writer
// makes the sequence odd while it writes the two positions (a seqlock), so a reader never takes
// the first of one run with the last of another. An empty run has last = first - 1.

const SEQUENCE = 0;
const FIRST = 1;
const LAST = 2;

export interface PositionRun {
  first: bigint;
  last: bigint;
}

export function newCommittedRunBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT);
}

/** The commit thread's side: one per writer, starting from the log's head when it opened. */
export class CommittedRunWriter {
  private readonly cells: BigInt64Array;
  private first: bigint;
  private last: bigint;

  constructor(buffer: SharedArrayBuffer, logHead: bigint) {
    this.cells = new BigInt64Array(buffer);
    this.first = logHead + 1n;
    this.last = logHead;
    this.publish();
  }

  /** A transaction wrote positions `first`..`last`; a gap before it (another writer's events) starts a new run. */
  committed(first: bigint, last: bigint): void {
    if (first !== this.last + 1n) this.first = first;
    this.last = last;
    this.publish();
  }

  private publish(): void {
    Atomics.add(this.cells, SEQUENCE, 1n);
    Atomics.store(this.cells, FIRST, this.first);
    Atomics.store(this.cells, LAST, this.last);
    Atomics.add(this.cells, SEQUENCE, 1n);
  }
}

/** The store thread's side. */
export class CommittedRunReader {
  private readonly cells: BigInt64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.cells = new BigInt64Array(buffer);
  }

  /** The current run, or null while it is being written (or before the writer opened). */
  read(): PositionRun | null {
    const before = Atomics.load(this.cells, SEQUENCE);
    if (before === 0n || before % 2n === 1n) return null;
    const first = Atomics.load(this.cells, FIRST);
    const last = Atomics.load(this.cells, LAST);
    return Atomics.load(this.cells, SEQUENCE) === before ? { first, last } : null;
  }
}
