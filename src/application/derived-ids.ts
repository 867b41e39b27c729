import { createHash } from 'node:crypto';

// Ids a request with an Idempotency-Key derives from its key instead of drawing at random. A retry
// of the request (after a crash that came between its events becoming durable and its answer being
// recorded) then names the same case, evidence, sanction or appeal and gives its events the same
// ids, so the command handler can recognise the events the first attempt wrote and answer with
// them instead of writing again (command-handler.ts).

/** The seed of a keyed request: who sent it, where, under which key, and what (its fingerprint). */
export function idempotencySeed(parts: { actor: string; route: string; key: string; fingerprint: string }): string {
  return createHash('sha256').update(JSON.stringify([parts.actor, parts.route, parts.key, parts.fingerprint])).digest('hex');
}

/**
 * A uuid (RFC 9562 version 8, lowercase) that depends only on the seed and what it is for. The
 * version tells derived ids from random (version 4) and time-ordered (version 7) ones.
 */
export function derivedUuid(seed: string, purpose: string): string {
  const bytes = createHash('sha256').update(seed).update('\u0000').update(purpose).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Whether an id is a derived one (version 8), so possibly a repeat of an earlier attempt's. */
export function isDerivedUuid(id: string): boolean {
  return id.charAt(14) === '8';
}
