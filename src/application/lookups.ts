import { officerDecider, postDecider, unitDecider } from '../domain/deciders.js';
import type { PostSnapshot } from '../domain/officer/events.js';
import { officerFacts, type OfficerFacts } from '../domain/officer/state.js';
import { postSnapshot } from '../domain/post/state.js';
import { headOn, type UnitState } from '../domain/unit/state.js';
import type { CalendarDate } from '../domain/shared/calendar.js';
import { streamNames } from '../domain/streams.js';
import type { EventStore } from '../store/event-store.js';
import { loadAggregate, type AggregateCache } from './load-aggregate.js';

// Facts a decision needs from other aggregates, read from their streams by the handler and passed
// into the pure decision. Each is read fresh on every attempt of a command (with a cache, only the
// events written since the cached state are read and folded).

export async function lookUpUnit(store: EventStore, unitId: string, cache?: AggregateCache): Promise<UnitState> {
  return (await loadAggregate(store, streamNames.unit(unitId), unitDecider, cache)).state;
}

export async function unitExists(store: EventStore, unitId: string, cache?: AggregateCache): Promise<boolean> {
  return (await lookUpUnit(store, unitId, cache)).exists;
}

/**
 * The head of each unit on a day, e.g. the day a case's breach happened (null when the unit had none
 * on record then, its head had left service by then, or the unit is unknown): see `headOn`.
 */
export async function lookUpUnitHeads(
  store: EventStore, unitIds: Iterable<string>, on: CalendarDate, cache?: AggregateCache,
): Promise<Record<string, string | null>> {
  const heads: Record<string, string | null> = {};
  for (const unitId of new Set(unitIds)) {
    const unit = await lookUpUnit(store, unitId, cache);
    // Who the unit's record names for that day; then whether their officer record agrees they could be.
    const named = headOn(unit, on);
    heads[unitId] = named === null ? null : headOn(unit, on, { [named]: await lookUpOfficer(store, named, cache) });
  }
  return heads;
}

export async function lookUpPost(store: EventStore, postId: string, cache?: AggregateCache): Promise<PostSnapshot | null> {
  return postSnapshot((await loadAggregate(store, streamNames.post(postId), postDecider, cache)).state);
}

export async function lookUpOfficer(store: EventStore, officerId: string, cache?: AggregateCache): Promise<OfficerFacts | null> {
  return officerFacts((await loadAggregate(store, streamNames.officer(officerId), officerDecider, cache)).state);
}

export async function lookUpOfficers(store: EventStore, officerIds: readonly string[], cache?: AggregateCache): Promise<Record<string, OfficerFacts | null>> {
  // Read together: the store then checks once that what it knows of their streams is current.
  const found = await Promise.all(officerIds.map((officerId) => lookUpOfficer(store, officerId, cache)));
  return Object.fromEntries(officerIds.map((officerId, index) => [officerId, found[index]!]));
}
