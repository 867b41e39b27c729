import { randomUUID } from 'node:crypto';
import { eventSchemas, type DomainEvent } from '../domain/event-catalogue.js';
import { ActorNotPermittedError } from '../domain/shared/errors.js';
import { WrongExpectedVersionError } from '../store/errors.js';
import type { AppendResult, EventStore, EventToAppend, JsonObject, RecordedEvent } from '../store/event-store.js';
import { metadataFor, type EventOrigin } from './event-metadata.js';
import { loadAggregate, type Aggregate, type AggregateCache } from './load-aggregate.js';

// The thin, generic command handler: load the stream, fold it, decide, append with the exact
// expected revision. On a conflict (someone wrote the stream meanwhile) it starts over with fresh
// state and fresh look-ups, a few times; unless the caller pinned the revision (If-Match), in which
// case the conflict is the answer (WrongExpectedVersionError, a 412).

export const DEFAULT_MAX_RETRIES = 4;

export interface HandleCommand<S, E extends DomainEvent> {
  store: EventStore;
  streamName: string;
  aggregate: Aggregate<S, E>;
  origin: EventOrigin;
  /** The revision the caller saw (If-Match): the stream must still be there. */
  expectedRevision?: bigint;
  maxRetries?: number;
  /**
   * The stream is new by construction (its id was just generated, e.g. a random uuid): the first
   * attempt starts from the initial state without reading it and appends with `no_stream`. Should
   * the stream exist after all, the append fails and the retry reads it as usual.
   */
  newStream?: boolean;
  /** Folded states of streams read before (only newer events are read and folded). */
  cache?: AggregateCache;
  /** Looks up what it needs and decides; re-run on each retry. Throws to refuse. */
  decide: (state: S) => Promise<readonly E[]> | readonly E[];
  /**
   * The ids of the events to write, by index, for a request that must be written at most once
   * (an Idempotency-Key: derived-ids.ts). When the stream already holds the first of them, an
   * earlier attempt of the same request wrote them: they are the answer, and nothing is decided or
   * written again. Without it, event ids are random.
   */
  eventIds?: (index: number) => string;
}

export interface Handled {
  /** The events written, with their ids (empty when the decision was to write nothing). */
  written: (EventToAppend & { type: DomainEvent['type'] })[];
  /** The stream's revision after the command (unchanged when nothing was written). */
  revision: bigint | 'no_stream';
  /** The log position of the last event written, or null when nothing was written. */
  position: bigint | null;
}

export async function handleCommand<S, E extends DomainEvent>(command: HandleCommand<S, E>): Promise<Handled> {
  const { store, streamName, aggregate, origin, expectedRevision, eventIds } = command;
  const maxRetries = command.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let attempt = 0; ; attempt++) {
    // A keyed request reads its whole stream, new or not, past any cache: an earlier attempt may
    // have written it, however many events others have written since.
    const loaded = attempt === 0 && command.newStream && !eventIds
      ? null
      : await loadAggregate(store, streamName, aggregate, eventIds ? undefined : command.cache);
    const { state, revision } = loaded ?? { state: aggregate.initialState, revision: 'no_stream' as const };
    const earlier = eventIds ? loaded?.revisionOfEvent(eventIds(0)) : undefined;
    if (earlier !== undefined) return writtenBefore(store, streamName, earlier, eventIds!);
    // A stale If-Match is answered before deciding: the caller decided on a state that is gone.
    // Except to an actor who may not act on the stream at all (a subject of the case): the 403
    // comes first, and they learn nothing of the stream's revision.
    if (expectedRevision !== undefined && revision !== 'no_stream' && revision !== expectedRevision) {
      await rethrowForbidden(() => command.decide(state));
      throw new WrongExpectedVersionError(streamName, expectedRevision.toString(), revision);
    }
    const events = await command.decide(state);
    if (expectedRevision !== undefined && revision === 'no_stream') {
      throw new WrongExpectedVersionError(streamName, expectedRevision.toString(), 'no_stream');
    }
    if (events.length === 0) return { written: [], revision, position: null };
    const written = events.map((event, index) => toAppend(event, origin, eventIds ? eventIds(index) : randomUUID()));
    let result: AppendResult;
    try {
      result = await store.append(streamName, written, { expectedRevision: revision });
    } catch (error) {
      const mayRetry = error instanceof WrongExpectedVersionError && expectedRevision === undefined && attempt < maxRetries;
      if (mayRetry) continue;
      throw error;
    }
    return { written, revision: result.nextExpectedRevision, position: result.position };
  }
}

/** Throws what the decision throws if that is a 403 (ActorNotPermittedError); anything else it decided or threw is dropped. */
async function rethrowForbidden(decide: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await decide();
  } catch (error) {
    if (error instanceof ActorNotPermittedError) throw error;
  }
}

/** Validates the data against its schema (a decision bug must never reach the log) and adds metadata. */
function toAppend(event: DomainEvent, origin: EventOrigin, id: string): EventToAppend & { type: DomainEvent['type'] } {
  const data = eventSchemas[event.type].parse(event.data) as JsonObject;
  return { id, type: event.type, data, metadata: metadataFor(event.type, origin) };
}

/** What an earlier attempt of the same request wrote, from `firstRevision` on: its events, as the answer. */
async function writtenBefore(store: EventStore, streamName: string, firstRevision: bigint, eventIds: (index: number) => string): Promise<Handled> {
  // An append is atomic: its events follow each other, and the first id that is not the next derived one ends them.
  const recorded = await store.readStream(streamName, { fromRevision: firstRevision });
  const mine: RecordedEvent[] = [];
  for (const event of recorded) {
    if (event.id !== eventIds(mine.length)) break;
    mine.push(event);
  }
  const last = mine[mine.length - 1]!;
  return {
    written: mine.map(({ id, type, data, metadata }) => ({ id, type: type as DomainEvent['type'], data, metadata })),
    revision: last.revision,
    position: last.position,
  };
}
