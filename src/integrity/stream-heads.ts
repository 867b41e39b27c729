import { isDerivedUuid } from '../application/derived-ids.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { UnchainedEventError } from './errors.js';
import { chainLink } from './event-hash.js';
import { compareStreams, SEAL_EVENT_TYPE, SEAL_STREAM, SealRecorded, type HeadLeaf } from './seal-record.js';

// The head (revision, hash, position) of every stream, kept in memory and brought up to date from
// the log through the port (readAll from where it left off), so a seal costs reads of what was
// written since the last one (here, and again for the order of the events it covers, seal.ts), on
// either backend. A few tens of bytes per stream.

export interface StreamHead {
  revision: bigint;
  hash: string;
  position: bigint;
}

export interface LatestSeal {
  root: string;
  upToPosition: bigint | null;
  sealedAt: string;
  /** Where the seal event itself is. */
  revision: bigint;
  position: bigint;
}

/** A seal as recorded: its event's place and the fields a seal's answer gives. */
export interface RecordedSeal {
  id: string;
  revision: bigint;
  position: bigint;
  root: string;
  previousRoot: string | null;
  upToPosition: string | null;
  streamCount: number;
  eventCount: string;
  sealedAt: string;
}

/**
 * The head of every stream as the log stood at one moment, taken without reading the whole log (see
 * heads-thread.ts): what a StreamHeads starts from after a restart instead of reading everything.
 */
export interface StreamHeadsSnapshot {
  /** The log's last position then (null: it was empty). */
  upTo: bigint | null;
  /** How many events the log held then. */
  events: number;
  heads: [stream: string, revision: bigint, position: bigint, hash: string][];
}

export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();
  private last: bigint | null = null;
  private count = 0n;
  private seal: LatestSeal | null = null;
  /** Keyed seals seen (ids derived from an Idempotency-Key), by id: what a retry of the request is answered with. */
  private readonly seals = new Map<string, RecordedSeal>();

  /** Applies one event; events must come in log order (older positions are ignored). */
  apply(event: RecordedEvent): void {
    if (this.last !== null && event.position <= this.last) return;
    const link = chainLink(event.metadata);
    if (!link) throw new UnchainedEventError(event.streamName, event.revision);
    this.heads.set(event.streamName, { revision: event.revision, hash: link.hash, position: event.position });
    this.last = event.position;
    this.count += 1n;
    this.noteSeal(event);
  }

  /**
   * Starts an empty StreamHeads from a snapshot of the heads and the seal log's events up to it (the
   * seals are not in the snapshot); catchUp() then reads only what came after.
   */
  seed(snapshot: StreamHeadsSnapshot, sealLog: readonly RecordedEvent[]): void {
    if (this.last !== null) throw new Error('Only an empty StreamHeads can be seeded');
    if (snapshot.upTo === null) return;
    for (const [stream, revision, position, hash] of snapshot.heads) this.heads.set(stream, { revision, hash, position });
    this.last = snapshot.upTo;
    this.count = BigInt(snapshot.events);
    for (const event of sealLog) if (event.position <= snapshot.upTo) this.noteSeal(event);
  }

  private noteSeal(event: RecordedEvent): void {
    if (event.streamName !== SEAL_STREAM || event.type !== SEAL_EVENT_TYPE) return;
    const seal = SealRecorded.safeParse(event.data);
    if (!seal.success) return;
    this.seal = {
      root: seal.data.root,
      upToPosition: seal.data.upToPosition === null ? null : BigInt(seal.data.upToPosition),
      sealedAt: seal.data.sealedAt,
      revision: event.revision,
      position: event.position,
    };
    const { root, previousRoot, upToPosition, streamCount, eventCount, sealedAt } = seal.data;
    if (isDerivedUuid(event.id)) this.seals.set(event.id, { id: event.id, revision: event.revision, position: event.position, root, previousRoot, upToPosition, streamCount, eventCount, sealedAt });
  }

  /** Reads whatever the log holds beyond what was applied. */
  async catchUp(store: EventStore): Promise<void> {
    const from = this.last;
    for await (const event of store.readAll({ fromPosition: from ?? 'start' })) {
      if (from !== null && event.position <= from) continue;
      this.apply(event);
    }
  }

  get lastPosition(): bigint | null {
    return this.last;
  }

  get eventCount(): bigint {
    return this.count;
  }

  get latestSeal(): LatestSeal | null {
    return this.seal;
  }

  /** The keyed seal with this event id, when the log holds one. */
  sealById(id: string): RecordedSeal | undefined {
    return this.seals.get(id);
  }

  /** The seal log's own head revision (the expected revision of the next seal), if any. */
  get sealLogRevision(): bigint | null {
    return this.heads.get(SEAL_STREAM)?.revision ?? null;
  }

  /** Every stream but the seal log, sorted by name: the leaves of a seal. */
  sealedHeads(): HeadLeaf[] {
    const leaves: HeadLeaf[] = [];
    for (const [stream, head] of this.heads) {
      if (stream !== SEAL_STREAM) leaves.push({ stream, revision: head.revision, hash: head.hash });
    }
    return leaves.sort((a, b) => compareStreams(a.stream, b.stream));
  }

  /** Heads (seal log excluded) written after `position` (all of them when null). */
  changedSince(position: bigint | null): HeadLeaf[] {
    const leaves: HeadLeaf[] = [];
    for (const [stream, head] of this.heads) {
      if (stream !== SEAL_STREAM && (position === null || head.position > position)) {
        leaves.push({ stream, revision: head.revision, hash: head.hash });
      }
    }
    return leaves.sort((a, b) => compareStreams(a.stream, b.stream));
  }

  /** Whether anything but seals was written after the latest seal's coverage. */
  hasUnsealedEvents(): boolean {
    if (!this.seal) return [...this.heads.keys()].some((stream) => stream !== SEAL_STREAM);
    const covered = this.seal.upToPosition;
    for (const [stream, head] of this.heads) {
      if (stream !== SEAL_STREAM && (covered === null || head.position > covered)) return true;
    }
    return false;
  }
}
