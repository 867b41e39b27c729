import { hash } from 'node:crypto';

// A canonical JSON encoding: the same value always gives the same bytes, whatever the key order
// it was built with and whichever backend stored it. Object keys are sorted (by UTF-16 code units,
// as JavaScript compares strings), there is no whitespace, and strings and numbers are written as
// JSON.stringify writes them (ECMAScript number formatting, the same as RFC 8785 for finite numbers).
// Anything JSON cannot carry faithfully is refused rather than silently changed.

export class CanonicalEncodingError extends Error {
  override readonly name = 'CanonicalEncodingError';
  constructor(readonly path: string, readonly reason: string) {
    super(`${path || '(root)'}: ${reason}`);
  }
}

/** Raised deep inside; the path is assembled only on the way out (the fast path builds no paths). */
class Refusal extends Error {
  readonly segments: string[] = [];
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function canonicalJson(value: unknown): string {
  try {
    return encode(value);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const path = error.segments.reverse().map((segment, i) => (segment.startsWith('[') || i === 0 ? segment : `.${segment}`)).join('');
    throw new CanonicalEncodingError(path, error.reason);
  }
}

function encode(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Refusal(`${value} is not a JSON number`);
      // JSON.stringify(-0) is "0": both backends read -0 back as 0.
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return encodeArray(value);
      if (!isPlainObject(value)) throw new Refusal(`a ${value.constructor?.name ?? 'non-plain'} object is not a JSON value`);
      return encodeObject(value as Record<string, unknown>);
    default:
      // undefined at the root or in an array, bigint, function, symbol.
      throw new Refusal(`${typeof value} is not a JSON value`);
  }
}

function encodeArray(array: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < array.length; index += 1) {
    if (index > 0) out += ',';
    try {
      out += encode(array[index]);
    } catch (error) {
      if (error instanceof Refusal) error.segments.push(`[${index}]`);
      throw error;
    }
  }
  return `${out}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    // Members holding undefined are absent once stored (JSON.stringify drops them), so they are absent here.
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    try {
      out += `${quote(key)}:${encode(member)}`;
    } catch (error) {
      if (error instanceof Refusal) error.segments.push(key);
      throw error;
    }
  }
  return `${out}}`;
}

// Characters JSON.stringify escapes (quote, backslash, controls) or treats specially (surrogates).
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify's quoting, without its cost for the common string that needs no escaping. */
function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** One-shot hashing (no Hash object per call): the same bytes in, the same digest out, as createHash. */
export function sha256Hex(input: string | Uint8Array): string {
  return hash('sha256', input, 'hex');
}

/** sha256 of the canonical encoding of a value, as lowercase hex. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
