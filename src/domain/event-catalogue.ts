import { z } from 'zod';
import { caseEventSchemas } from './case/events.js';
import { officerEventSchemas } from './officer/events.js';
import { postEventSchemas } from './post/events.js';
import { rectificationEventSchemas } from './rectification/events.js';
import { unitEventSchemas } from './unit/events.js';

// Every event type the register writes, with its current schema version. Events are stored with
// `schemaVersion` in their metadata; an event of an older version is upcast before it is parsed.

export const eventSchemas = {
  ...unitEventSchemas,
  ...postEventSchemas,
  ...officerEventSchemas,
  ...caseEventSchemas,
  ...rectificationEventSchemas,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
/** Data as it may be written or stored: fields added later with a default may be absent. */
export type EventInput<T extends EventType> = z.input<(typeof eventSchemas)[T]>;

/** A domain event as decide() returns it and evolve() consumes it. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export type EventOfType<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const CURRENT_SCHEMA_VERSION: Record<EventType, number> = Object.fromEntries(
  Object.keys(eventSchemas).map((type) => [type, 1]),
) as Record<EventType, number>;

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** `upcasters[type][v]` turns data of version v into version v + 1. None are needed yet. */
const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {};

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}

export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

/** Turns stored type, data and schema version into a validated domain event of the current version. */
export function toDomainEvent(type: string, data: unknown, schemaVersion: unknown = 1): DomainEvent {
  if (!isEventType(type)) throw new UnknownEventError(`Unknown event type "${type}"`);
  let version = typeof schemaVersion === 'number' ? schemaVersion : 1;
  let current = data as Record<string, unknown>;
  while (version < CURRENT_SCHEMA_VERSION[type]) {
    const upcast = upcasters[type]?.[version];
    if (!upcast) throw new UnknownEventError(`No upcaster for ${type} v${version}`);
    current = upcast(current);
    version += 1;
  }
  return { type, data: eventSchemas[type].parse(current) } as DomainEvent;
}

/** A domain event as read back from its stream: evolve may need its id (corrections name event ids). */
export type StoredDomainEvent<E extends DomainEvent = DomainEvent> = E & { id?: string };
