import { randomUUID } from 'node:crypto';
import { isDerivedUuid } from '../application/derived-ids.js';
import { StreamNotFoundError, WrongExpectedVersionError } from '../store/errors.js';
import type { EventStore, JsonObject, RecordedEvent } from '../store/event-store.js';
import { SealFailedError } from './errors.js';
import { chainLink } from './event-hash.js';
import { headsRoot, LogOrderDigest, SEAL_EVENT_TYPE, SEAL_STREAM, sealRoot, type SealRecorded } from './seal-record.js';
import { StreamHeads, type RecordedSeal, type StreamHeadsSnapshot } from './stream-heads.js';

// Records seals: each commits to the head of every stream at that moment and to the previous seal
// (see seal-record.ts), and is appended to the seal log with an exact expected revision, so two
// sealers (a request and the schedule, or two processes on EventStoreDB) never fork the seal chain:
// the loser of a race catches up and seals again on top of the winner.

export interface SealContext {
  /** Who sealed: an auditor's `sub`, or `system:seal-scheduler`. */
  actor: string;
  correlationId: string;
  causationId?: string;
  /**
   * The seal's id when the caller chose it: derived from an Idempotency-Key (derived-ids.ts, uuid
   * version 8). If the log already holds a seal with this id, that seal is the answer and nothing is written.
   */
  sealId?: string;
  /** Seal only if the seal log is still at this revision (If-Match): else a WrongExpectedVersionError, not retried. */
  expectedRevision?: bigint;
}

export interface SealResult {
  /** The seal's id. */
  id: string;
  revision: bigint;
  position: bigint;
  root: string;
  previousRoot: string | null;
  upToPosition: bigint | null;
  streamCount: number;
  eventCount: bigint;
  sealedAt: string;
}

export interface Sealer {
  seal(context: SealContext): Promise<SealResult>;
  /** Whether anything but seals was written since the latest seal (reads the log's news first). */
  hasUnsealedEvents(): Promise<boolean>;
  /** The latest seal in the log (reads the log's news first). */
  latestSeal(): Promise<{ root: string; sealedAt: string; position: bigint } | null>;
}

export interface SealerOptions {
  /** The register's store, wrapped by withHashChain so the seal log is chained like every stream. */
  store: EventStore;
  now?: () => Date;
  newId?: () => string;
  /** Above this many moved heads, a seal lists none of them (keeps the event well under 1 MB). */
  maxChangedHeads?: number;
  /** How many times a seal is retried when the seal log moved under it. */
  maxAttempts?: number;
  /**
   * The heads of every stream, taken without reading the whole log (heads-thread.ts, for the
   * embedded store): the first seal starts from them and reads only the log after them, and what
   * came since the previous seal (for the order of the events it covers). Should taking them fail,
   * the whole log is read instead, as without them.
   */
  headsSnapshot?: () => Promise<StreamHeadsSnapshot>;
  /** Told why the heads snapshot could not be taken (the seal goes on, reading the whole log). */
  onSnapshotFailed?: (error: unknown) => void;
}

export function createSealer(options: SealerOptions): Sealer {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const maxChangedHeads = options.maxChangedHeads ?? 4_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const heads = new StreamHeads();
  let snapshot = options.headsSnapshot;
  /** Brings the heads up to the log's head: the first time from the snapshot, when there is one. */
  const catchUp = async () => {
    if (snapshot) {
      const take = snapshot;
      snapshot = undefined;
      try {
        const taken = await take();
        heads.seed(taken, await sealLog(store));
      } catch (error) {
        // Only slower: catchUp() below reads the whole log.
        options.onSnapshotFailed?.(error);
      }
    }
    await heads.catchUp(store);
  };
  // One seal at a time in this process; other processes are kept in line by the expected revision.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function sealOnce(context: SealContext): Promise<SealResult> {
    if (context.sealId !== undefined && !isDerivedUuid(context.sealId)) {
      throw new TypeError(`A chosen seal id must be derived from an Idempotency-Key (uuid version 8), got ${context.sealId}`);
    }
    await catchUp();
    const earlier = context.sealId === undefined ? undefined : heads.sealById(context.sealId);
    if (earlier) return recordedResult(earlier);
    if (context.expectedRevision !== undefined && heads.sealLogRevision !== context.expectedRevision) {
      throw new WrongExpectedVersionError(SEAL_STREAM, context.expectedRevision.toString(), heads.sealLogRevision ?? 'no_stream');
    }
    const previous = heads.latestSeal;
    const sealed = heads.sealedHeads();
    const changed = heads.changedSince(previous?.upToPosition ?? null);
    const upToPosition = heads.lastPosition;
    const fields = {
      headsRoot: headsRoot(sealed),
      previousRoot: previous?.root ?? null,
      upToPosition: upToPosition === null ? null : upToPosition.toString(),
      streamCount: sealed.length,
      eventCount: heads.eventCount.toString(),
      sealedAt: now().toISOString(),
      logDigest: await logOrderDigest(store, previous?.upToPosition ?? null, upToPosition),
    };
    const id = context.sealId ?? newId();
    const data: SealRecorded = {
      sealId: id,
      root: sealRoot(fields),
      ...fields,
      changedHeads: changed.length > maxChangedHeads
        ? null
        : changed.map((head) => ({ stream: head.stream, revision: head.revision.toString(), hash: head.hash })),
    };
    const expected = heads.sealLogRevision ?? 'no_stream';
    const metadata = {
      $correlationId: context.correlationId,
      $causationId: context.causationId ?? context.correlationId,
      actor: context.actor,
      recordedAt: fields.sealedAt,
    };
    const result = await store.append(
      SEAL_STREAM,
      [{ id, type: SEAL_EVENT_TYPE, data: data as unknown as JsonObject, metadata }],
      { expectedRevision: expected },
    );
    if (context.sealId !== undefined) {
      // The store may have taken this append for a repeat of one with the same id (another attempt
      // of the request, elsewhere or in doubt) and written nothing: the answer is the seal it holds.
      await catchUp();
      const recorded = heads.sealById(id);
      if (!recorded) throw new SealFailedError(`The keyed seal ${id} was acknowledged but is not in the seal log`);
      return recordedResult(recorded);
    }
    return {
      id,
      revision: result.nextExpectedRevision,
      position: result.position,
      root: data.root,
      previousRoot: data.previousRoot,
      upToPosition,
      streamCount: data.streamCount,
      eventCount: heads.eventCount,
      sealedAt: data.sealedAt,
    };
  }

  return {
    seal: (context) => serially(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await sealOnce(context);
        } catch (error) {
          // A conditional seal answers that the seal log moved; any other is sealed again on top.
          if (!(error instanceof WrongExpectedVersionError) || context.expectedRevision !== undefined) throw error;
          if (attempt >= maxAttempts) {
            throw new SealFailedError(`The seal log kept moving: gave up after ${attempt} attempts`, { cause: error });
          }
        }
      }
    }),
    hasUnsealedEvents: () => serially(async () => {
      await catchUp();
      return heads.hasUnsealedEvents();
    }),
    latestSeal: () => serially(async () => {
      await catchUp();
      const seal = heads.latestSeal;
      return seal && { root: seal.root, sealedAt: seal.sealedAt, position: seal.position };
    }),
  };
}

/**
 * The logDigest of the events after `after` up to `upTo` (seal-record.ts). Read again at each seal
 * rather than kept while catching up: the range ends where the seal is taken, which events read
 * meanwhile may already have passed; it is what came since the previous seal, a short read. It
 * starts at `after` itself, an event's position (EventStoreDB reads only from where an event is).
 */
async function logOrderDigest(store: EventStore, after: bigint | null, upTo: bigint | null): Promise<string> {
  const digest = new LogOrderDigest();
  if (upTo !== null && (after === null || after < upTo)) {
    for await (const event of store.readAll({ fromPosition: after ?? 'start' })) {
      if (after !== null && event.position <= after) continue;
      if (event.position > upTo) break;
      digest.add(event.position, chainLink(event.metadata)?.hash);
    }
  }
  return digest.take();
}

/** Every seal recorded so far (none when the seal log has not begun). */
async function sealLog(store: EventStore): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(SEAL_STREAM);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

function recordedResult(seal: RecordedSeal): SealResult {
  return {
    ...seal,
    upToPosition: seal.upToPosition === null ? null : BigInt(seal.upToPosition),
    eventCount: BigInt(seal.eventCount),
  };
}

const sealers = new WeakMap<EventStore, Sealer>();

/**
 * The one sealer of a store in this process: the audit route, the scheduler and scripts share it
 * (and its in-memory stream heads) without being wired to each other. The first call makes it, with
 * its options (the register's composition calls first, with the heads snapshot of its store file).
 */
export function sealerFor(store: EventStore, options: Omit<SealerOptions, 'store'> = {}): Sealer {
  let sealer = sealers.get(store);
  if (!sealer) {
    sealer = createSealer({ ...options, store });
    sealers.set(store, sealer);
  }
  return sealer;
}
