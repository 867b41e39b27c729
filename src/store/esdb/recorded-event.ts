import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { JsonObject, RecordedEvent } from '../event-store.js';
import { CorruptEventError, StoreUnavailableError } from '../errors.js';

// From the client's resolved events to the port's recorded events.

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/** EventStoreDB's own events: `$`-typed (`$metadata`, `$>`, `$statsCollected`, ...) or in `$` streams. */
export function isSystemEvent(resolved: AnyResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** The log position of a resolved event: its commit position (equal to its prepare position). */
export function positionOf(resolved: AnyResolvedEvent): { commit: bigint; prepare: bigint } {
  const position = resolved.event?.position;
  if (position) return position;
  if (resolved.commitPosition !== undefined) return { commit: resolved.commitPosition, prepare: resolved.commitPosition };
  throw new StoreUnavailableError(
    'EventStoreDB sent an event without its log position; the register needs EventStoreDB 22.6 or later',
  );
}

export function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new StoreUnavailableError('EventStoreDB sent a read result without an event');
  const position = positionOf(resolved).commit;
  // The register writes JSON objects only; anything else was written by something else: the event
  // cannot be read (an integrity problem, as on the embedded store), the store itself is fine.
  const isJsonObject = (value: unknown): value is JsonObject =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
  const jsonObjectOf = (value: unknown, what: 'data' | 'metadata'): JsonObject => {
    if (isJsonObject(value)) return value;
    const metadata = isJsonObject(event.metadata) ? event.metadata : null;
    throw new CorruptEventError(position, event.streamId, event.revision, event.id, `its ${what} is not a JSON object`, metadata);
  };
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position,
    data: jsonObjectOf(event.data, 'data'),
    metadata: event.metadata === undefined ? {} : jsonObjectOf(event.metadata, 'metadata'),
    created: event.created.toISOString(),
  };
}
