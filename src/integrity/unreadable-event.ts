import type { CorruptEventError } from '../store/errors.js';
import type { JsonObject } from '../store/event-store.js';
import { chainLink, type ChainLink } from './event-hash.js';

// An event the store holds but cannot read as one (altered in storage, around the register): what
// can still be said of it. Verification reports it where it is and goes on; the audit stream and
// exports give it a line of its own in its place.

/**
 * A stored event the source could not read as one (its data not JSON, a revision that is not a
 * whole number...): the verifier reports it as changed, where it is, and goes on with the rest.
 */
export interface UnreadableEvent {
  unreadable: true;
  /** What cannot be read, e.g. "its data is not valid JSON (...)". */
  reason: string;
  position: bigint;
  streamName: string | null;
  revision: bigint | null;
  id: string | null;
  /** Its metadata, when that could be read (the audit stream and exports show it). */
  metadata?: JsonObject;
  /** The $hash and $prevHash its metadata claims, when the metadata could be read. */
  link?: ChainLink;
  /** Its stream column as text, as the source's tally counts it (when the stream could not be read). */
  tallyStream?: string;
  /** The line of an export file that stands for it. */
  line?: number;
}

/** What can be said of an event the store cannot read, placed at `position`. */
export function unreadableEventOf(error: CorruptEventError, position: bigint): UnreadableEvent {
  const link = error.metadata ? chainLink(error.metadata) : undefined;
  return {
    unreadable: true,
    reason: error.reason,
    position,
    streamName: error.streamName,
    revision: error.revision,
    id: error.eventId,
    ...(error.metadata ? { metadata: error.metadata } : {}),
    ...(link ? { link } : {}),
  };
}
