import { z } from 'zod';
import {
  CURRENT_SCHEMA_VERSION, eventSchemas, isEventType, toDomainEvent, type DomainEvent, type EventType,
} from '../src/domain/event-catalogue.js';
import type { RecordedEvent } from '../src/store/event-store.js';

// What a projection sees: a domain event of the current schema version, with where it sits in the log
// and who recorded it when. Events were validated when they were written, so reading them back does
// not validate them again (zod with luxon date checks costs ~10-25 us an event: a million events would
// take minutes); older schema versions go through the catalogue's upcasters, and fields added later
// with a default get that default.

/** The metadata a projection may read: a rebuild reads only these fields of each event's metadata. */
export interface ProjectedMetadata {
  /** The acting user (`sub` of the token) or a system actor. */
  actor: string;
  /** ISO instant with offset: when the register recorded the event. */
  recordedAt: string;
  /** The schema version of the event's data (absent: version 1). */
  schemaVersion?: number;
}

export const PROJECTED_METADATA_FIELDS = ['actor', 'recordedAt', 'schemaVersion'] as const;
// Every field of ProjectedMetadata is in the list (the compiler refuses this line otherwise).
const everyFieldListed: Exclude<keyof ProjectedMetadata, (typeof PROJECTED_METADATA_FIELDS)[number]> extends never ? true : never = true;
void everyFieldListed;

export interface EventPlacement {
  id: string;
  streamName: string;
  revision: bigint;
  position: bigint;
  /** When the store committed it (ISO instant, UTC). */
  created: string;
  metadata: ProjectedMetadata;
}

export type ProjectedEvent = DomainEvent & EventPlacement;
export type ProjectedEventOf<T extends EventType> = Extract<DomainEvent, { type: T }> & EventPlacement;

type Defaults = ReadonlyArray<readonly [key: string, value: unknown]>;

/** Top-level fields with a zod default (fields added to a schema later), per event type. */
const defaultsByType: ReadonlyMap<string, Defaults> = new Map(
  Object.entries(eventSchemas).map(([type, schema]) => {
    const shape = (schema as unknown as z.ZodObject).shape;
    const defaults: [string, unknown][] = [];
    for (const [key, field] of Object.entries(shape)) {
      if (field instanceof z.ZodDefault) defaults.push([key, (field.def as { defaultValue: unknown }).defaultValue]);
    }
    return [type, defaults];
  }),
);

/** Null for events no projection knows (store-internal or integrity events such as seals). */
export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent | null {
  const { type } = recorded;
  if (!isEventType(type)) return null;
  const metadata = recorded.metadata as unknown as ProjectedMetadata;
  const schemaVersion = typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
  let data: Record<string, unknown>;
  if (schemaVersion < CURRENT_SCHEMA_VERSION[type]) {
    data = toDomainEvent(type, recorded.data, schemaVersion).data as Record<string, unknown>;
  } else {
    data = recorded.data as Record<string, unknown>;
    const defaults = defaultsByType.get(type);
    if (defaults && defaults.length > 0) {
      let filled: Record<string, unknown> | null = null;
      for (const [key, value] of defaults) {
        if (data[key] === undefined) {
          filled ??= { ...data };
          // A default object is copied (a reducer must not share it); null and other primitives are values.
          filled[key] = value !== null && typeof value === 'object' ? structuredClone(value) : value;
        }
      }
      if (filled) data = filled;
    }
  }
  // The event as recorded already has the projected shape: it is copied only when its data changed
  // (a new object per event is a measurable share of a rebuild's time and garbage).
  if (data === recorded.data) return recorded as unknown as ProjectedEvent;
  return {
    type,
    data,
    id: recorded.id,
    streamName: recorded.streamName,
    revision: recorded.revision,
    position: recorded.position,
    created: recorded.created,
    metadata,
  } as ProjectedEvent;
}

/** Milliseconds since the epoch of an ISO instant, for comparing instants written with different offsets. */
export function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${iso}`);
  return ms;
}
