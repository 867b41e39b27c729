import { derivedUuid, idempotencySeed } from '../../application/derived-ids.js';
import { fingerprint } from '../../http/idempotency/idempotency-guard.js';
import { sealRequestFingerprint } from '../../http/routes/audit/audit-routes.js';

// The drill's client side of key-derived ids: from what a keyed request sends, the seed the
// register derives its ids from (as write-route.ts and the command handler derive them), so the
// drill knows, without asking the register, which case a report creates and which id its first
// event carries. The drill's paths are written as the register reads them (case ids in lower
// case, no trailing slash), so the route a key is scoped to is the path itself.

export interface KeyedRequest {
  path: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
}

export function seedOf(request: KeyedRequest, actor: string): string {
  const requestFingerprint = fingerprint({ body: fingerprint(request.body), ifMatch: null });
  return idempotencySeed({ actor, route: `POST ${request.path}`, key: request.idempotencyKey, fingerprint: requestFingerprint });
}

/** The id of the first event the request appends to `stream` (a seal's: the seal's id). */
export function firstEventIdOf(request: KeyedRequest & { stream: string }, actor: string): string {
  if (request.path === SEAL_PATH) return sealIdOf(request, actor);
  return derivedUuid(seedOf(request, actor), `${request.stream}#0`);
}

/**
 * The ids of the request's events that `inLog` holds, in order: its first event's, then each next
 * one's while there is one (a finding appends several; a seal is one event). One append is written
 * whole or not at all, so these are all its events, or none.
 */
export function eventIdsInLog(request: KeyedRequest & { stream: string }, actor: string, inLog: (id: string) => boolean): string[] {
  const first = firstEventIdOf(request, actor);
  if (!inLog(first)) return [];
  if (request.path === SEAL_PATH) return [first];
  const seed = seedOf(request, actor);
  const ids = [first];
  for (let index = 1; ; index += 1) {
    const id = derivedUuid(seed, `${request.stream}#${index}`);
    if (!inLog(id)) return ids;
    ids.push(id);
  }
}

export const SEAL_PATH = '/api/v1/audit/seals';

/** The id of the seal a keyed seal request records (as audit-routes.ts derives it). */
export function sealIdOf(request: KeyedRequest, actor: string): string {
  const seed = idempotencySeed({ actor, route: 'POST /audit/seals', key: request.idempotencyKey, fingerprint: sealRequestFingerprint() });
  return derivedUuid(seed, 'seal');
}

/** The id of the sanction a keyed sanction request imposes. */
export function sanctionIdOf(request: KeyedRequest, actor: string): string {
  return derivedUuid(seedOf(request, actor), 'sanction');
}

/** The id of the case a keyed report creates. */
export function caseIdOf(request: KeyedRequest, actor: string): string {
  return derivedUuid(seedOf(request, actor), 'case');
}
