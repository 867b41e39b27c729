import type { JsonObject, JsonValue } from '../store/event-store.js';
import { own } from '../domain/shared/own.js';
import { canonicalDigest } from './canonical.js';

// Fields only those handling a case may see. The audit stream and exports replace each by
// `{ "$redacted": "<sha256 of its canonical encoding>" }`, and the event hash commits to that
// digest rather than to the value, so a redacted export verifies exactly like the live log.
// The reporter carries a random salt, so the digest cannot be matched against a list of names.

/** Event type -> top-level data fields that are protected. The one place that says what is protected. */
export const PROTECTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CaseReported: ['reporter'],
};

export const REDACTED_KEY = '$redacted';

export interface RedactionMarker extends JsonObject {
  $redacted: string;
}

const DIGEST = /^[0-9a-f]{64}$/;

export function isRedactionMarker(value: unknown): value is RedactionMarker {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === REDACTED_KEY && typeof (value as RedactionMarker).$redacted === 'string';
}

/** The marker that stands for a protected value (a marker stands for itself: redaction is idempotent). */
export function redactValue(value: JsonValue): RedactionMarker {
  if (isRedactionMarker(value)) return value;
  return { [REDACTED_KEY]: canonicalDigest(value) } as RedactionMarker;
}

/** Whether a marker's digest is well formed (a hand-edited export may carry anything). */
export function isWellFormedMarker(marker: RedactionMarker): boolean {
  return DIGEST.test(marker.$redacted);
}

/**
 * The data with every protected field replaced by its marker. `null` and absent fields are left as
 * they are: there is nothing to protect in them. Returns the same object when nothing is protected.
 */
export function redactData(type: string, data: JsonObject): JsonObject {
  const fields = own(PROTECTED_FIELDS, type);
  if (!fields) return data;
  let redacted: JsonObject | undefined;
  for (const field of fields) {
    const value = data[field];
    if (value === undefined || value === null || isRedactionMarker(value)) continue;
    redacted ??= { ...data };
    redacted[field] = redactValue(value);
  }
  return redacted ?? data;
}

/** The event as the audit stream and exports show it: protected fields redacted, all else untouched. */
export function redactEvent<E extends { type: string; data: JsonObject }>(event: E): E {
  const data = redactData(event.type, event.data);
  return data === event.data ? event : { ...event, data };
}
