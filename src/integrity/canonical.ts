import { createHash } from 'node:crypto';

// A canonical JSON encoding: the same value always gives the same bytes, whatever the key order
// it was built with and whichever backend stored it. Object keys are sorted (by UTF-16 code units,
// as JavaScript compares strings), there is no whitespace, and strings and numbers are written as
// JSON.stringify writes them (ECMAScript number formatting, the same as RFC 8785 for finite numbers).
// Anything JSON cannot carry faithfully is refused rather than silently changed.

export class CanonicalEncodingError extends Error {
  override readonly name = 'CanonicalEncodingError';
  constructor(readonly path: string, message: string) {
    super(`${path || '(root)'}: ${message}`);
  }
}

export function canonicalJson(value: unknown): string {
  return encode(value, '');
}

function encode(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalEncodingError(path, `${value} is not a JSON number`);
      // JSON.stringify(-0) is "0": both backends read -0 back as 0.
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => {
          if (item === undefined) throw new CanonicalEncodingError(`${path}[${index}]`, 'undefined is not a JSON value');
          return encode(item, `${path}[${index}]`);
        }).join(',')}]`;
      }
      if (!isPlainObject(value)) {
        throw new CanonicalEncodingError(path, `a ${value.constructor?.name ?? 'non-plain'} object is not a JSON value`);
      }
      return encodeObject(value as Record<string, unknown>, path);
    default:
      // undefined at the root, bigint, function, symbol.
      throw new CanonicalEncodingError(path, `${typeof value} is not a JSON value`);
  }
}

function encodeObject(object: Record<string, unknown>, path: string): string {
  const parts: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    // Members holding undefined are absent once stored (JSON.stringify drops them), so they are absent here.
    if (member === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${encode(member, path ? `${path}.${key}` : key)}`);
  }
  return `{${parts.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** sha256 of the canonical encoding of a value, as lowercase hex. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
