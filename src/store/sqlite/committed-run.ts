// What the commit thread tells the store's thread through shared memory as each transaction
// commits, before its answer arrives (verified-heads.ts uses it):
//   - the run of log positions it has committed for the store with nothing of anyone else's
//     between them: events past what the store has been answered are its own appends on their way;
//   - how many times it has seen another connection commit to the file (its own connection's
//     data_version changes for those only);
//   - the file's WAL-index header (wal-index-header.ts) as it stood right after its last commit:
//     while the header is still that, nobody has committed since.
//
// Layout: BigInt64 [sequence, first, last, foreign commits], then the header's bytes. The writer
// makes the sequence odd while it writes (a seqlock), so a reader never takes half of one report
// with half of another. An empty run has last = first - 1.

import { WAL_INDEX_HEADER_BYTES } from './wal-index-header.js';

const SEQUENCE = 0;
const FIRST = 1;
const LAST = 2;
const FOREIGN = 3;
const HEADER_OFFSET = 4 * BigInt64Array.BYTES_PER_ELEMENT;

export interface PositionRun {
  first: bigint;
  last: bigint;
}

export interface CommitReport extends PositionRun {
  foreignCommits: bigint;
  /** Null when the thread could not read it. */
  header: Uint8Array | null;
}

export function newCommittedRunBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_OFFSET + 1 + WAL_INDEX_HEADER_BYTES);
}

/** The commit thread's side: one per writer, starting from the log's head when it opened. */
export class CommittedRunWriter {
  private readonly cells: BigInt64Array;
  private readonly header: Uint8Array;
  private first: bigint;
  private last: bigint;
  private foreign = 0n;

  constructor(buffer: SharedArrayBuffer, logHead: bigint) {
    this.cells = new BigInt64Array(buffer, 0, 4);
    this.header = new Uint8Array(buffer, HEADER_OFFSET);
    this.first = logHead + 1n;
    this.last = logHead;
    this.publish(null);
  }

  /**
   * A transaction wrote positions `first`..`last` (null: it wrote nothing); a gap before it
   * (another writer's events) starts a new run. `header` was read after the commit, and
   * `othersCommitted` asked after that.
   */
  committed(written: PositionRun | null, header: Uint8Array | null, othersCommitted: boolean): void {
    if (written) {
      if (written.first !== this.last + 1n) this.first = written.first;
      this.last = written.last;
    }
    if (othersCommitted) this.foreign += 1n;
    this.publish(header);
  }

  private publish(header: Uint8Array | null): void {
    Atomics.add(this.cells, SEQUENCE, 1n);
    Atomics.store(this.cells, FIRST, this.first);
    Atomics.store(this.cells, LAST, this.last);
    Atomics.store(this.cells, FOREIGN, this.foreign);
    // First byte: whether a header follows.
    this.header[0] = header ? 1 : 0;
    if (header) this.header.set(header, 1);
    Atomics.add(this.cells, SEQUENCE, 1n);
  }
}

/** The store thread's side. */
export class CommittedRunReader {
  private readonly cells: BigInt64Array;
  private readonly header: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.cells = new BigInt64Array(buffer, 0, 4);
    this.header = new Uint8Array(buffer, HEADER_OFFSET);
  }

  /** The latest report, or null while one is being written (or before the writer opened). */
  read(): CommitReport | null {
    const before = Atomics.load(this.cells, SEQUENCE);
    if (before === 0n || before % 2n === 1n) return null;
    const first = Atomics.load(this.cells, FIRST);
    const last = Atomics.load(this.cells, LAST);
    const foreignCommits = Atomics.load(this.cells, FOREIGN);
    const header = this.header[0] === 1 ? this.header.slice(1) : null;
    return Atomics.load(this.cells, SEQUENCE) === before ? { first, last, foreignCommits, header } : null;
  }
}
