import { setTimeout as sleep } from 'node:timers/promises';
import { isDerivedUuid } from '../application/derived-ids.js';
import { InvalidAppendError, StreamNotFoundError, WrongExpectedVersionError } from '../store/errors.js';
import {
  RECENT_EVENTS,
  type AppendOptions, type AppendResult, type EventStore, type EventToAppend, type ReadAllOptions, type ReadStreamOptions,
  type RecordedEvent, type SubscribeFrom, type Subscription,
} from '../store/event-store.js';
import { setMostRecent } from '../store/most-recent-map.js';
import { assertStreamName } from '../store/stream-name.js';
import { CanonicalEncodingError } from './canonical.js';
import { UnchainedEventError } from './errors.js';
import { chainLink, HASH_KEY, withChain } from './event-hash.js';

// A decorator over any event store: every appended event gets `$prevHash` and `$hash` in its
// metadata (see event-hash.ts). To keep each stream a single chain, every append reaches the store
// with an exact expected revision: `any` and `stream_exists` become the revision of the head we
// chained onto, and a race with another writer is retried on the new head, never forked.
// The same events retried with the same expectation get the same chain fields, so the store's
// idempotent-retry check still recognises them.

export interface HashChainOptions {
  /** How many times an `any` / `stream_exists` append is retried when another writer moved the head. */
  maxRetries?: number;
  /** How many stream heads are remembered (saves a read per append with an exact expected revision). */
  cacheSize?: number;
}

interface KnownRevision {
  revision: bigint;
  hash: string;
}

export function withHashChain(store: EventStore, options: HashChainOptions = {}): EventStore {
  return new HashChainedStore(store, options.maxRetries ?? 50, options.cacheSize ?? 10_000);
}

class HashChainedStore implements EventStore {
  /**
   * stream -> (revision, hash) of an event we wrote or read. A log is immutable, so an entry is a fact
   * forever; it is only used when an append expects exactly that revision, and dropped on any failure.
   */
  private readonly known = new Map<string, KnownRevision>();

  constructor(
    private readonly inner: EventStore,
    private readonly maxRetries: number,
    private readonly cacheSize: number,
  ) {}

  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const expected = options?.expectedRevision;
    if (events.length === 0) return this.inner.append(streamName, events, options);
    assertStreamName(streamName);
    if (typeof expected === 'bigint') {
      if (expected < 0n) throw new InvalidAppendError(`Invalid expected revision ${expected}: revisions start at 0`);
      const previousHash = await this.hashAt(streamName, expected);
      return this.appendChained(streamName, events, expected, previousHash);
    }
    if (expected === 'no_stream') return this.appendChained(streamName, events, 'no_stream', null);
    if (expected === 'any' || expected === 'stream_exists') return this.appendOnHead(streamName, events, expected);
    throw new InvalidAppendError(
      `Invalid expected revision ${JSON.stringify(String(expected))}: use "any", "no_stream", "stream_exists" or a bigint revision`,
    );
  }

  /** `any` / `stream_exists`: chain onto the current head, retrying when someone else got there first. */
  private async appendOnHead(
    streamName: string, events: readonly EventToAppend[], expected: 'any' | 'stream_exists',
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt += 1) {
      // The stream's recent events: a retry of an append among them is answered, not written again
      // (chaining turns `any` into an exact revision, so the store could not recognise it).
      const recent = await this.readTail(streamName, Math.max(events.length, RECENT_EVENTS));
      const head = recent[0];
      if (!head && expected === 'stream_exists') throw new WrongExpectedVersionError(streamName, expected, 'no_stream');
      const repeat = head ? earlierAppend(recent, events) : null;
      if (repeat === 'partial') throw new WrongExpectedVersionError(streamName, expected, head!.revision);
      if (repeat) {
        this.remember(streamName, head!.revision, hashOf(head!));
        return repeat;
      }
      try {
        return head
          ? await this.appendChained(streamName, events, head.revision, hashOf(head))
          : await this.appendChained(streamName, events, 'no_stream', null);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= this.maxRetries) throw error;
        await sleep(Math.floor(Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
  }

  private async appendChained(
    streamName: string, events: readonly EventToAppend[], expected: bigint | 'no_stream', previousHash: string | null,
  ): Promise<AppendResult> {
    const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
    let previous = previousHash;
    const chained = events.map((event, index) => {
      const metadata = chain(streamName, event, firstRevision + BigInt(index), previous);
      previous = metadata[HASH_KEY] as string;
      return { ...event, metadata };
    });
    try {
      const result = await this.inner.append(streamName, chained, { expectedRevision: expected });
      // Ids derived from an Idempotency-Key (uuid version 8) may repeat an earlier attempt whose
      // events, stored with other metadata, hash differently: the store answers a repeat with the
      // earlier result, so the hash computed here is only remembered for ids drawn afresh.
      if (events.some((event) => isDerivedUuid(event.id))) this.known.delete(streamName);
      else this.remember(streamName, result.nextExpectedRevision, previous as string);
      return result;
    } catch (error) {
      this.known.delete(streamName);
      throw error;
    }
  }

  /** The hash of the event at `revision`; a WrongExpectedVersionError when the stream is not there yet. */
  private async hashAt(streamName: string, revision: bigint): Promise<string> {
    const known = this.known.get(streamName);
    if (known?.revision === revision) return known.hash;
    let found: RecordedEvent[];
    try {
      found = await this.inner.readStream(streamName, { direction: 'backwards', fromRevision: revision, maxCount: 1 });
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new WrongExpectedVersionError(streamName, revision.toString(), 'no_stream');
      throw error;
    }
    const event = found[0];
    // Refusing here (rather than leaving it to the store) matters: if the stream reached `revision`
    // between this read and the append, the store would accept events chained onto the wrong head.
    if (!event) throw new WrongExpectedVersionError(streamName, revision.toString(), 'no_stream');
    if (event.revision !== revision) throw new WrongExpectedVersionError(streamName, revision.toString(), event.revision);
    const hash = hashOf(event);
    this.remember(streamName, revision, hash);
    return hash;
  }

  private async readTail(streamName: string, count: number): Promise<RecordedEvent[]> {
    try {
      return await this.inner.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: count });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private remember(streamName: string, revision: bigint, hash: string): void {
    setMostRecent(this.known, streamName, { revision, hash }, this.cacheSize);
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    return this.inner.readAt(positions);
  }

  subscribeToAll(from: SubscribeFrom): Subscription {
    return this.inner.subscribeToAll(from);
  }

  get densePositions(): boolean {
    return this.inner.densePositions;
  }

  headPosition(): Promise<bigint | null> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function chain(streamName: string, event: EventToAppend, revision: bigint, previousHash: string | null) {
  try {
    return withChain({ streamName, revision, id: event.id, type: event.type, data: event.data, metadata: event.metadata }, previousHash);
  } catch (error) {
    if (error instanceof CanonicalEncodingError) {
      throw new InvalidAppendError(`Event ${event.id} of type ${event.type} is not plain JSON: ${error.message}`);
    }
    // Malformed events (missing data or metadata): let the store say what is wrong, in its words.
    if (error instanceof TypeError) throw new InvalidAppendError(`Event ${String(event?.id)} is malformed: ${error.message}`);
    throw error;
  }
}

function hashOf(event: RecordedEvent): string {
  const link = chainLink(event.metadata);
  if (!link) throw new UnchainedEventError(event.streamName, event.revision);
  return link.hash;
}

/** Whether the stream's last events (newest first) are exactly this batch, by id. */
/**
 * Whether `events` were appended already among the stream's recent events (newest first): the
 * earlier result when all of them stand there in order from the first one's place, 'partial' when
 * only some do (EventStoreDB refuses such a repeat), null when the first id is not there.
 */
function earlierAppend(recentNewestFirst: readonly RecordedEvent[], events: readonly EventToAppend[]): AppendResult | 'partial' | null {
  const sameId = (recorded: RecordedEvent | undefined, event: EventToAppend) => recorded?.id.toLowerCase() === event.id.toLowerCase();
  const first = recentNewestFirst.findIndex((recorded) => sameId(recorded, events[0]!));
  if (first < 0) return null;
  for (let index = 1; index < events.length; index += 1) {
    if (!sameId(recentNewestFirst[first - index], events[index]!)) return 'partial';
  }
  const last = recentNewestFirst[first - (events.length - 1)]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
