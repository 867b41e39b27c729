import { NotFoundError } from '../domain/shared/errors.js';

// The ids the register assigns (cases, rectification items) are uuids; a uuid is the same id in
// capitals or not.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id the register assigned, as it keeps it (lower case), or null when the text cannot be one. */
export function canonicalId(text: string): string | null {
  return UUID.test(text) ? text.toLowerCase() : null;
}

/** Such an id in a URL path: as kept, or unknown (404) when it cannot be one, never a bad stream name. */
export function assignedPathId(resource: 'case' | 'rectification', id: string): string {
  const canonical = canonicalId(id);
  if (canonical === null) throw new NotFoundError(resource, id);
  return canonical;
}
