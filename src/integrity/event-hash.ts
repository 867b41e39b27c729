import type { JsonObject } from '../store/event-store.js';
import { canonicalDigest } from './canonical.js';
import { redactData } from './protected-fields.js';

// The hash chain of a stream. Every event's metadata carries the hash of the previous event of its
// stream (`$prevHash`, null for revision 0) and its own hash (`$hash`), which is sha256 over the
// canonical encoding of:
//   { stream, revision (decimal string), id (lowercase), type, dataDigest,
//     metadata (without $prevHash and $hash), previousHash }
// where dataDigest is sha256 over the canonical data with protected fields replaced by their digest
// (see protected-fields.ts), so a redacted export hashes exactly like the live log.
// The store's own position and commit time are not covered: they are the store's, not the writer's.

export const HASH_KEY = '$hash';
export const PREVIOUS_HASH_KEY = '$prevHash';

export interface HashableEvent {
  streamName: string;
  revision: bigint;
  id: string;
  type: string;
  data: JsonObject;
  /** May still carry the chain fields: they are left out of the hash. */
  metadata: JsonObject;
}

export function dataDigest(type: string, data: JsonObject): string {
  return canonicalDigest(redactData(type, data));
}

export function metadataWithoutChain(metadata: JsonObject): JsonObject {
  if (!(HASH_KEY in metadata) && !(PREVIOUS_HASH_KEY in metadata)) return metadata;
  const { [HASH_KEY]: _hash, [PREVIOUS_HASH_KEY]: _previous, ...rest } = metadata;
  return rest;
}

export function eventHash(event: HashableEvent, previousHash: string | null): string {
  return canonicalDigest({
    stream: event.streamName,
    revision: event.revision.toString(),
    id: event.id.toLowerCase(),
    type: event.type,
    dataDigest: dataDigest(event.type, event.data),
    metadata: metadataWithoutChain(event.metadata),
    previousHash,
  });
}

export interface ChainLink {
  hash: string;
  previousHash: string | null;
}

const HASH = /^[0-9a-f]{64}$/;

/** The chain fields an event carries, or undefined when they are absent or malformed. */
export function chainLink(metadata: JsonObject): ChainLink | undefined {
  const hash = metadata[HASH_KEY];
  const previousHash = metadata[PREVIOUS_HASH_KEY];
  if (typeof hash !== 'string' || !HASH.test(hash)) return undefined;
  if (previousHash !== null && (typeof previousHash !== 'string' || !HASH.test(previousHash))) return undefined;
  return { hash, previousHash };
}

/** The metadata to store: the caller's, plus the chain fields. */
export function withChain(event: HashableEvent, previousHash: string | null): JsonObject {
  const metadata = metadataWithoutChain(event.metadata);
  const hash = eventHash({ ...event, metadata }, previousHash);
  return { ...metadata, [PREVIOUS_HASH_KEY]: previousHash, [HASH_KEY]: hash };
}
