import { toDomainEvent, type DomainEvent, type StoredDomainEvent } from '../domain/event-catalogue.js';
import { StreamNotFoundError } from '../store/errors.js';
import { setMostRecent } from '../store/most-recent-map.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';

// Loads a stream and folds it into the aggregate's state. Each event is upcast to its current
// schema version and validated on the way in.
//
// With an AggregateCache, a stream read before is not decoded again: the cached state is brought up
// to date with the events written after its revision (read from the store every time, so a decision
// still sees everything the stream holds, whoever wrote it). Only the fold is saved.

export interface Aggregate<S, E extends DomainEvent> {
  initialState: S;
  evolve: (state: S, event: StoredDomainEvent<E>) => S;
}

export interface Loaded<S> {
  state: S;
  /** The revision of the last event, or `no_stream`: the exact expectation of the next append. */
  revision: bigint | 'no_stream';
  /** The revision of the event with this id among the events this load read (all of them, without a cache). */
  revisionOfEvent(id: string): bigint | undefined;
}

interface CachedState {
  state: unknown;
  revision: bigint;
}

/**
 * Folded states of recently read streams, by aggregate and stream (least recently used dropped
 * first). States are immutable values (evolve returns new ones), so sharing them is safe.
 */
export class AggregateCache {
  private readonly entries = new Map<string, { aggregate: Aggregate<never, never>; cached: CachedState }>();

  constructor(private readonly maxEntries = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  get<S, E extends DomainEvent>(streamName: string, aggregate: Aggregate<S, E>): { state: S; revision: bigint } | undefined {
    const entry = this.entries.get(streamName);
    if (!entry || entry.aggregate !== (aggregate as unknown as Aggregate<never, never>)) return undefined;
    return entry.cached as { state: S; revision: bigint };
  }

  set<S, E extends DomainEvent>(streamName: string, aggregate: Aggregate<S, E>, state: S, revision: bigint): void {
    setMostRecent(this.entries, streamName, { aggregate: aggregate as unknown as Aggregate<never, never>, cached: { state, revision } }, this.maxEntries);
  }

  forget(streamName: string): void {
    this.entries.delete(streamName);
  }
}

function fold<S, E extends DomainEvent>(aggregate: Aggregate<S, E>, state: S, recorded: readonly RecordedEvent[]): S {
  let folded = state;
  for (const event of recorded) {
    const domainEvent = toDomainEvent(event.type, event.data, event.metadata.schemaVersion) as E;
    folded = aggregate.evolve(folded, { ...domainEvent, id: event.id });
  }
  return folded;
}

export async function loadAggregate<S, E extends DomainEvent>(
  store: EventStore, streamName: string, aggregate: Aggregate<S, E>, cache?: AggregateCache,
): Promise<Loaded<S>> {
  const cached = cache?.get(streamName, aggregate);
  let recorded: RecordedEvent[];
  try {
    recorded = await store.readStream(streamName, cached ? { fromRevision: cached.revision + 1n } : {});
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      // A stream never disappears: a cached one that is "not found" means a different log (tests, restores).
      if (cached) cache!.forget(streamName);
      return { state: aggregate.initialState, revision: 'no_stream', revisionOfEvent: () => undefined };
    }
    throw error;
  }
  if (cached && recorded.length > 0 && recorded[0]!.revision !== cached.revision + 1n) {
    // Not the continuation of what was cached (should not happen): fold the whole stream afresh.
    cache!.forget(streamName);
    return loadAggregate(store, streamName, aggregate, cache);
  }
  const last = recorded[recorded.length - 1];
  if (!cached && !last) return { state: aggregate.initialState, revision: 'no_stream', revisionOfEvent: () => undefined };
  const state = fold(aggregate, cached ? (cached.state as S) : aggregate.initialState, recorded);
  const revision = last ? last.revision : cached!.revision;
  if (cache && last) cache.set(streamName, aggregate, state, revision);
  return { state, revision, revisionOfEvent: (id) => recorded.find((event) => event.id === id)?.revision };
}
