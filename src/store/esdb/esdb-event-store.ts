import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  START,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeFrom,
  Subscription,
} from '../event-store.js';
import { InvalidAppendError, StoreUnavailableError } from '../errors.js';
import { assertStreamName } from '../stream-name.js';
import { positionsToRead } from '../positions-to-read.js';
import { assertMaxCount, assertPositionOption, assertValidAppend } from './append-validation.js';
import { toStoreError } from './esdb-errors.js';
import { readLastRecord, readLogHead } from './esdb-head.js';
import { EsdbSubscription, type ResubscribePolicy, type SubscriptionDrop } from './esdb-subscription.js';
import { firstRecordAfter, readIfRecordStartsAt } from './read-from-position.js';
import { PAGE_SIZE, readPageOfAll } from './read-page.js';
import { isSystemEvent, positionOf, toRecordedEvent } from './recorded-event.js';

// The event-store port on EventStoreDB, through @eventstore/db-client. EventStoreDB already has the
// port's semantics (revisions, expected revisions, idempotent retries, `$all` positions); this adapter
// validates input before anything is sent, translates errors, hides EventStoreDB's own system events,
// pages through `$all` (from any position: EventStoreDB itself reads only from where a record
// starts, see read-from-position.ts), and keeps subscriptions alive across drops.

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` or `esdb://node1:2113,node2:2113,node3:2113?tls=false`. */
  connectionString: string;
  /** How subscriptions retry after a drop. Default: 200 ms, doubling, at most 10 s. */
  resubscribe?: ResubscribePolicy;
  /** Told about every subscription drop (for logs and metrics); the subscription retries by itself. */
  onSubscriptionDrop?: (drop: SubscriptionDrop) => void;
}

export class EsdbEventStore implements EventStore {
  readonly densePositions = false;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: Omit<EsdbEventStoreOptions, 'connectionString'> = {},
  ) {}

  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const expectedRevision = options?.expectedRevision;
    assertValidAppend(streamName, events, expectedRevision);
    const proposed = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }),
    );
    const context = { operation: `append to "${streamName}"`, streamName, expected: expectedRevision };
    try {
      const result = await this.client.appendToStream(streamName, proposed, { expectedRevision });
      const position = result.position?.commit ?? (await this.positionOfRevision(streamName, result.nextExpectedRevision));
      return { nextExpectedRevision: result.nextExpectedRevision, position };
    } catch (error) {
      throw toStoreError(error, context);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertStreamName(streamName);
    assertMaxCount(options.maxCount);
    assertPositionOption(options.fromRevision, 'fromRevision');
    const direction = options.direction ?? 'forwards';
    if (direction !== 'forwards' && direction !== 'backwards') throw new InvalidAppendError(`Invalid direction ${String(direction)}`);
    const fromRevision = options.fromRevision ?? (direction === 'forwards' ? START : END);
    // A count of zero still has to say whether the stream exists.
    const maxCount = options.maxCount === 0 ? 1 : options.maxCount;
    try {
      const events: RecordedEvent[] = [];
      for await (const resolved of this.client.readStream(streamName, {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision,
        ...(maxCount === undefined ? {} : { maxCount }),
      })) {
        events.push(toRecordedEvent(resolved));
      }
      return options.maxCount === 0 ? [] : events;
    } catch (error) {
      throw toStoreError(error, { operation: `read of "${streamName}"`, streamName });
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    assertMaxCount(options.maxCount);
    assertPositionOption(options.fromPosition, 'fromPosition');
    const direction = options.direction ?? 'forwards';
    if (direction !== 'forwards' && direction !== 'backwards') throw new InvalidAppendError(`Invalid direction ${String(direction)}`);
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const records = direction === 'forwards' ? this.recordsForwards(from) : this.recordsBackwards(from);
    return (async function* visibleEvents() {
      if (limit === 0) return;
      let delivered = 0;
      for await (const resolved of records) {
        if (isSystemEvent(resolved)) continue;
        yield toRecordedEvent(resolved);
        delivered += 1;
        if (delivered >= limit) return;
      }
    })();
  }

  async readAt(positions: readonly bigint[]): Promise<RecordedEvent[]> {
    this.assertOpen();
    const wanted = positionsToRead(positions);
    const last = wanted.length === 0 ? null : await this.lastRecordCommit();
    const inLog = wanted.filter((commit) => last !== null && commit <= last);
    // $all has no batch read by position: one single-record read each, a bounded number in flight.
    const found: (RecordedEvent | null)[] = new Array(inLog.length).fill(null);
    let next = 0;
    const reader = async () => {
      while (next < inLog.length) {
        const index = next++;
        found[index] = await this.recordAt(inLog[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_AT_IN_FLIGHT, inLog.length) }, reader));
    return found.filter((event): event is RecordedEvent => event !== null);
  }

  /** The event at exactly this position; null for a system event, or for a position inside a record (no record starts there). */
  private async recordAt(commit: bigint): Promise<RecordedEvent | null> {
    const [resolved] = (await readIfRecordStartsAt(this.client, commit, 1)) ?? [];
    return resolved && positionOf(resolved).commit === commit && !isSystemEvent(resolved) ? toRecordedEvent(resolved) : null;
  }

  subscribeToAll(from: SubscribeFrom): Subscription {
    this.assertOpen();
    if (from !== 'start' && from !== 'end' && !(typeof from === 'object' && from !== null && typeof from.after === 'bigint' && from.after >= 0n)) {
      throw new InvalidAppendError(`Invalid subscription start ${String(from)}: expected "start", "end" or { after: bigint }`);
    }
    const subscription: EsdbSubscription = new EsdbSubscription(this.client, from, {
      policy: this.options.resubscribe ?? { initialDelayMs: 200, maxDelayMs: 10_000 },
      ...(this.options.onSubscriptionDrop ? { onDrop: this.options.onSubscriptionDrop } : {}),
      onFinished: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | null> {
    this.assertOpen();
    try {
      return (await readLogHead(this.client)).lastVisible;
    } catch (error) {
      throw toStoreError(error, { operation: 'read of the head of $all' });
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
      await this.client.dispose();
    })();
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The EventStoreDB event store is closed');
  }

  /** Older servers answer an idempotent retry without a position: look the event up instead. */
  private async positionOfRevision(streamName: string, revision: bigint): Promise<bigint> {
    for await (const resolved of this.client.readStream(streamName, { fromRevision: revision, maxCount: 1 })) {
      return positionOf(resolved as ResolvedEvent).commit;
    }
    throw new StoreUnavailableError(`EventStoreDB acknowledged an append to "${streamName}" it cannot show`);
  }

  /**
   * EventStoreDB reads only from positions of records it wrote; a position past the last record (a
   * caller's "head + 1") is answered here instead of being refused by the server.
   */
  private async isPastLastRecord(position: bigint): Promise<boolean> {
    const last = await this.lastRecordCommit();
    return last === null || position > last;
  }

  private async lastRecordCommit(): Promise<bigint | null> {
    try {
      return (await readLastRecord(this.client))?.commit ?? null;
    } catch (error) {
      throw toStoreError(error, { operation: 'read of $all' });
    }
  }

  /** `$all` from a position (inclusive) to the end, one bounded page at a time. */
  private async *recordsForwards(from: bigint | 'start' | 'end') {
    if (from === 'end') return;
    let cursor: Position | typeof START = START;
    let page: AllStreamResolvedEvent[];
    if (from === 'start') {
      page = await this.pageOfAll(FORWARDS, START);
    } else {
      if (await this.isPastLastRecord(from)) return;
      cursor = { commit: from, prepare: from };
      const fromPosition = await readIfRecordStartsAt(this.client, from, PAGE_SIZE);
      if (fromPosition !== null) {
        page = fromPosition;
      } else {
        // No record starts there: read on from the first one after it.
        const next = await firstRecordAfter(this.client, from);
        if (next === null) return;
        cursor = next;
        page = await this.pageOfAll(FORWARDS, next);
      }
    }
    for (let inclusive = true; ; inclusive = false) {
      const start = cursor;
      const fresh = start === START ? page : page.filter((resolved) => {
        const commit = positionOf(resolved).commit;
        return inclusive ? commit >= start.commit : commit > start.commit;
      });
      if (fresh.length === 0) return;
      yield* fresh;
      cursor = positionOf(fresh[fresh.length - 1]!);
      page = await this.pageOfAll(FORWARDS, cursor);
    }
  }

  /** `$all` from a position (inclusive) back to the start, one bounded page at a time. */
  private async *recordsBackwards(from: bigint | 'start' | 'end') {
    if (from === 'start') return;
    let cursor: Position | typeof END = END;
    if (from !== 'end' && !(await this.isPastLastRecord(from))) {
      // A backward read starts strictly before its position; fetch the record at the position itself.
      const atPosition = await readIfRecordStartsAt(this.client, from, 1);
      if (atPosition !== null) {
        cursor = { commit: from, prepare: from };
        const [first] = atPosition;
        if (first && positionOf(first).commit === from) yield first;
      } else {
        // No record starts there: back from the first record after it, which is not read.
        cursor = (await firstRecordAfter(this.client, from)) ?? END;
      }
    }
    for (;;) {
      const page = await this.pageOfAll(BACKWARDS, cursor);
      const start = cursor;
      const older = start === END ? page : page.filter((resolved) => positionOf(resolved).commit < start.commit);
      if (older.length === 0) return;
      yield* older;
      cursor = positionOf(older[older.length - 1]!);
    }
  }

  private pageOfAll(direction: typeof FORWARDS | typeof BACKWARDS, fromPosition: Position | typeof START | typeof END) {
    return readPageOfAll(this.client, { direction, fromPosition, maxCount: PAGE_SIZE });
  }
}

/** Single-record reads of a readAt in flight at once. */
const READ_AT_IN_FLIGHT = 16;

export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(options.connectionString);
  } catch (error) {
    throw new Error(`Invalid EventStoreDB connection string: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const { connectionString: _connectionString, ...rest } = options;
  return new EsdbEventStore(client, rest);
}
