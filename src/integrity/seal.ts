import { randomUUID } from 'node:crypto';
import { isDerivedUuid } from '../application/derived-ids.js';
import { WrongExpectedVersionError } from '../store/errors.js';
import type { EventStore, JsonObject } from '../store/event-store.js';
import { SealFailedError } from './errors.js';
import { headsRoot, SEAL_EVENT_TYPE, SEAL_STREAM, sealRoot, type SealRecorded } from './seal-record.js';
import { StreamHeads, type RecordedSeal } from './stream-heads.js';

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
}

export function createSealer(options: SealerOptions): Sealer {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const maxChangedHeads = options.maxChangedHeads ?? 4_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const heads = new StreamHeads();
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
    await heads.catchUp(store);
    const earlier = context.sealId === undefined ? undefined : heads.sealById(context.sealId);
    if (earlier) return recordedResult(earlier);
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
      await heads.catchUp(store);
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
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          if (attempt >= maxAttempts) {
            throw new SealFailedError(`The seal log kept moving: gave up after ${attempt} attempts`, { cause: error });
          }
        }
      }
    }),
    hasUnsealedEvents: () => serially(async () => {
      await heads.catchUp(store);
      return heads.hasUnsealedEvents();
    }),
    latestSeal: () => serially(async () => {
      await heads.catchUp(store);
      const seal = heads.latestSeal;
      return seal && { root: seal.root, sealedAt: seal.sealedAt, position: seal.position };
    }),
  };
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
 * The one sealer of a store in this process: the audit route and the scheduler share it (and its
 * in-memory stream heads) without being wired to each other.
 */
export function sealerFor(store: EventStore): Sealer {
  let sealer = sealers.get(store);
  if (!sealer) {
    sealer = createSealer({ store });
    sealers.set(store, sealer);
  }
  return sealer;
}
