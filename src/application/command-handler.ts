import { randomUUID } from 'node:crypto';
import { eventSchemas, type DomainEvent } from '../domain/event-catalogue.js';
import { WrongExpectedVersionError } from '../store/errors.js';
import type { AppendResult, EventStore, EventToAppend, JsonObject } from '../store/event-store.js';
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
  const { store, streamName, aggregate, origin, expectedRevision } = command;
  const maxRetries = command.maxRetries ?? DEFAULT_MAX_RETRIES;
  for (let attempt = 0; ; attempt++) {
    const { state, revision } = attempt === 0 && command.newStream
      ? { state: aggregate.initialState, revision: 'no_stream' as const }
      : await loadAggregate(store, streamName, aggregate, command.cache);
    // A stale If-Match is answered before deciding: the caller decided on a state that is gone.
    if (expectedRevision !== undefined && revision !== 'no_stream' && revision !== expectedRevision) {
      throw new WrongExpectedVersionError(streamName, expectedRevision.toString(), revision);
    }
    const events = await command.decide(state);
    if (expectedRevision !== undefined && revision === 'no_stream') {
      throw new WrongExpectedVersionError(streamName, expectedRevision.toString(), 'no_stream');
    }
    if (events.length === 0) return { written: [], revision, position: null };
    const written = events.map((event) => toAppend(event, origin));
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

/** Validates the data against its schema (a decision bug must never reach the log) and adds metadata. */
function toAppend(event: DomainEvent, origin: EventOrigin): EventToAppend & { type: DomainEvent['type'] } {
  const data = eventSchemas[event.type].parse(event.data) as JsonObject;
  return { id: randomUUID(), type: event.type, data, metadata: metadataFor(event.type, origin) };
}
