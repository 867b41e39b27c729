import { toDomainEvent, type DomainEvent, type StoredDomainEvent } from '../domain/event-catalogue.js';
import { StreamNotFoundError } from '../store/errors.js';
import type { EventStore } from '../store/event-store.js';

// Loads a stream and folds it into the aggregate's state. Each event is upcast to its current
// schema version and validated on the way in.

export interface Aggregate<S, E extends DomainEvent> {
  initialState: S;
  evolve: (state: S, event: StoredDomainEvent<E>) => S;
}

export interface Loaded<S> {
  state: S;
  /** The revision of the last event, or `no_stream`: the exact expectation of the next append. */
  revision: bigint | 'no_stream';
}

export async function loadAggregate<S, E extends DomainEvent>(store: EventStore, streamName: string, aggregate: Aggregate<S, E>): Promise<Loaded<S>> {
  let recorded;
  try {
    recorded = await store.readStream(streamName);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return { state: aggregate.initialState, revision: 'no_stream' };
    throw error;
  }
  let state = aggregate.initialState;
  let revision: bigint | 'no_stream' = 'no_stream';
  for (const event of recorded) {
    const domainEvent = toDomainEvent(event.type, event.data, event.metadata.schemaVersion) as E;
    state = aggregate.evolve(state, { ...domainEvent, id: event.id });
    revision = event.revision;
  }
  return { state, revision };
}
