import type { DateTime } from 'luxon';
import { CURRENT_SCHEMA_VERSION, type EventType } from '../domain/event-catalogue.js';
import type { EventMetadata } from '../store/event-store.js';
import type { CommandContext } from './command-context.js';

// The metadata every event carries: who, when (the server's clock), which request it belongs to
// (`$correlationId`, read by EventStoreDB's `$by_correlation_id` projection), what caused it, and
// the schema version of its data (old versions are upcast when read).

export interface EventOrigin {
  correlationId: string;
  causationId: string;
  actor: string;
  recordedAt: DateTime;
}

export interface RegisterEventMetadata extends EventMetadata {
  schemaVersion: number;
}

export function originOf(ctx: CommandContext): EventOrigin {
  return { correlationId: ctx.correlationId, causationId: ctx.causationId ?? ctx.correlationId, actor: ctx.actor.sub, recordedAt: ctx.now };
}

export function metadataFor(type: EventType, origin: EventOrigin): RegisterEventMetadata {
  return {
    $correlationId: origin.correlationId,
    $causationId: origin.causationId,
    actor: origin.actor,
    recordedAt: origin.recordedAt.toISO()!,
    schemaVersion: CURRENT_SCHEMA_VERSION[type],
  };
}
