// The event-store port. Its semantics are EventStoreDB's, so that the embedded SQLite store and the
// EventStoreDB adapter can never disagree: both must pass test/fixtures/conformance.ts.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `any`, `no_stream`, `stream_exists`, or the exact 0-based revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/**
 * How far back in its stream a retried `any` or `stream_exists` append is recognised (and answered
 * without writing): EventStoreDB keeps a bounded cache of recent ids for this; we look this many
 * events back.
 */
export const RECENT_EVENTS = 1_000;

/** Metadata the register writes on every event. Extra keys are allowed (e.g. the hash chain). */
export interface EventMetadata extends JsonObject {
  $correlationId: string;
  $causationId: string;
  /** The acting user (`sub` of the token), or a system actor such as `system:scheduler`. */
  actor: string;
  /** ISO instant with offset, set by the server when the event was recorded. */
  recordedAt: string;
}

export interface EventToAppend {
  /** A uuid chosen by the writer; a retried append with the same ids writes nothing twice. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface RecordedEvent {
  id: string;
  type: string;
  streamName: string;
  /** 0-based revision within its stream. */
  revision: bigint;
  /** Position in the whole log: only grows, not necessarily contiguous. */
  position: bigint;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store committed it (ISO instant, UTC). */
  created: string;
}

export interface AppendResult {
  /** The revision of the last event written: the expected revision for the next append. */
  nextExpectedRevision: bigint;
  /** The log position of the last event written. */
  position: bigint;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: ReadDirection;
  /**
   * Inclusive. Default: the start (forwards) or the end (backwards). Any position will do: one no
   * event has (e.g. one past an event's, to read on after it) reads from the first event after it
   * (forwards) or the last before it (backwards).
   */
  fromPosition?: bigint | 'start' | 'end';
  maxCount?: number;
}

export type SubscribeFrom = 'start' | 'end' | { after: bigint };

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  /**
   * Sent once, when every event that existed at subscription time has been delivered. `position`
   * is the head of the log at subscription time (null when the log was empty then).
   */
  | { kind: 'caughtUp'; position: bigint | null };

/**
 * Past events (from the requested point), then one `caughtUp`, then live events, in log order,
 * with no gap and no duplicate. Iterate it with `for await`; `stop()` ends the iteration cleanly.
 */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  stop(): Promise<void>;
}

export interface EventStore {
  /** Atomic: all events are written, or none. Throws WrongExpectedVersionError on a mismatch. */
  append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The whole log, in position order, excluding any store-internal events. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The events at these positions of the log, in position order, each once; a position that holds
   * no event (or a store-internal one) is left out. Read models that point into the log (rather
   * than copy it) fetch what they point at with it.
   */
  readAt(positions: readonly bigint[]): Promise<RecordedEvent[]>;
  subscribeToAll(from: SubscribeFrom): Subscription;
  /** The position of the last event in the log, or null when it is empty. */
  headPosition(): Promise<bigint | null>;
  /**
   * Whether the log's positions run without gaps (1, 2, 3, ... as readAll gives them): then a missing
   * position can only be an event deleted from the file, and verification reports it. The embedded
   * store's are; EventStoreDB's are byte offsets, with gaps everywhere.
   */
  readonly densePositions: boolean;
  close(): Promise<void>;
}
