import type Database from 'better-sqlite3';

// The last revision of each stream the writer has seen, so that checking an expected revision
// costs no query. Only the writer changes it, and only for appends inside its own transaction;
// a failed commit forgets everything. If another process wrote to the file, the entry is stale
// but never ahead of the file: the UNIQUE (stream, revision) constraint catches the stale case
// and the writer reloads (see append-writer.ts).

const MAX_ENTRIES = 200_000;

export class StreamHeads {
  private readonly heads = new Map<string, bigint | null>();
  private readonly lastRevision: Database.Statement<[string], number | bigint | null>;

  constructor(db: Database.Database) {
    this.lastRevision = db.prepare<[string], number | bigint | null>('SELECT max(revision) FROM events WHERE stream = ?').pluck();
  }

  /** The stream's last revision, or null when it has no events. */
  get(streamName: string): bigint | null {
    const cached = this.heads.get(streamName);
    if (cached !== undefined) return cached;
    const found = this.lastRevision.get(streamName);
    const head = found === null || found === undefined ? null : BigInt(found);
    if (this.heads.size >= MAX_ENTRIES) this.heads.clear();
    this.heads.set(streamName, head);
    return head;
  }

  set(streamName: string, revision: bigint): void {
    this.heads.set(streamName, revision);
  }

  forget(streamName: string): void {
    this.heads.delete(streamName);
  }

  forgetAll(): void {
    this.heads.clear();
  }
}
