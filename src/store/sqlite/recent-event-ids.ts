// The log positions of recently written events, by event id: how a retried `any` or `stream_exists`
// append is recognised. Those appends name no revision to compare ids at, so EventStoreDB keeps a
// bounded cache of recently committed event ids for them, and so does this store: a retry is
// recognised while its events are still remembered (here, the last 50,000 to 100,000 events this
// process wrote). Appends with `no_stream` or an exact revision need no cache (see append-writer.ts).
//
// Two generations instead of an LRU list: remembering costs one Map.set, and forgetting the older
// half at once costs nothing per event.

export const GENERATION_SIZE = 50_000;

export class RecentEventIds {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  /** Ids remembered in the transaction now open, so that a failed commit can take them back. */
  private uncommitted: string[] = [];

  constructor(private readonly generationSize = GENERATION_SIZE) {}

  /** The position the event with this id was written at, if it is remembered. */
  positionOf(id: string): number | undefined {
    return this.current.get(id) ?? this.previous.get(id);
  }

  remember(id: string, position: number): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(id, position);
    this.uncommitted.push(id);
  }

  /** How many ids the open transaction has remembered so far (for rollBackTo). */
  mark(): number {
    return this.uncommitted.length;
  }

  committed(): void {
    this.uncommitted.length = 0;
  }

  /** The transaction rolled back: its positions were never written (and will be given to other events). */
  rolledBack(): void {
    this.rollBackTo(0);
  }

  /** Part of the transaction rolled back (a savepoint): forgets what was remembered after `mark`. */
  rollBackTo(mark: number): void {
    for (let index = mark; index < this.uncommitted.length; index += 1) {
      const id = this.uncommitted[index]!;
      this.current.delete(id);
      this.previous.delete(id);
    }
    this.uncommitted.length = mark;
  }
}
