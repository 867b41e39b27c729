import { officerDecider, postDecider, unitDecider } from '../domain/deciders.js';
import type { PostSnapshot } from '../domain/officer/events.js';
import { officerFacts, type OfficerFacts } from '../domain/officer/state.js';
import { postSnapshot } from '../domain/post/state.js';
import type { UnitState } from '../domain/unit/state.js';
import { streamNames } from '../domain/streams.js';
import type { EventStore } from '../store/event-store.js';
import { loadAggregate } from './load-aggregate.js';

// Facts a decision needs from other aggregates, read from their streams by the handler and passed
// into the pure decision. Each is read fresh on every attempt of a command.

export async function lookUpUnit(store: EventStore, unitId: string): Promise<UnitState> {
  return (await loadAggregate(store, streamNames.unit(unitId), unitDecider)).state;
}

export async function unitExists(store: EventStore, unitId: string): Promise<boolean> {
  return (await lookUpUnit(store, unitId)).exists;
}

/** The current head of each unit (null when the unit has none on record or is unknown). */
export async function lookUpUnitHeads(store: EventStore, unitIds: Iterable<string>): Promise<Record<string, string | null>> {
  const heads: Record<string, string | null> = {};
  for (const unitId of new Set(unitIds)) {
    const unit = await lookUpUnit(store, unitId);
    heads[unitId] = unit.exists ? unit.headOfficerId : null;
  }
  return heads;
}

export async function lookUpPost(store: EventStore, postId: string): Promise<PostSnapshot | null> {
  return postSnapshot((await loadAggregate(store, streamNames.post(postId), postDecider)).state);
}

export async function lookUpOfficer(store: EventStore, officerId: string): Promise<OfficerFacts | null> {
  return officerFacts((await loadAggregate(store, streamNames.officer(officerId), officerDecider)).state);
}

export async function lookUpOfficers(store: EventStore, officerIds: readonly string[]): Promise<Record<string, OfficerFacts | null>> {
  const officers: Record<string, OfficerFacts | null> = {};
  for (const officerId of officerIds) officers[officerId] = await lookUpOfficer(store, officerId);
  return officers;
}
