// Some top-level fields of a JSON object, read from its text without parsing the rest. A rebuild
// needs three of the ten fields of each event's metadata (the two hashes and the correlation ids
// are most of its length): picking them costs about a fifth of JSON.parse. The scan handles the
// flat objects JSON.stringify writes; anything else (an escape, a nested value, white space) is
// handed to JSON.parse, so the answer is always what parsing would give.

const CONTROL = /[\u0000-\u001f]/;
const QUOTE = 34; // "
const COLON = 58; // :
const COMMA = 44; // ,
const CLOSE = 125; // }

export function pickJsonFields(text: string, fields: readonly string[]): Record<string, unknown> {
  return scanFlat(text, fields) ?? pickParsed(text, fields);
}

function pickParsed(text: string, fields: readonly string[]): Record<string, unknown> {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (Object.hasOwn(parsed, field)) picked[field] = parsed[field];
  return picked;
}

/** Null when the text is not a flat object in JSON.stringify's form (no escapes, no white space). */
function scanFlat(text: string, fields: readonly string[]): Record<string, unknown> | null {
  // Without a backslash, a string runs from one quote to the next. A raw control character is not
  // JSON (JSON.parse refuses it, and so must the answer).
  if (text.charCodeAt(0) !== 123 || text.includes('\\') || CONTROL.test(text)) return null;
  const picked: Record<string, unknown> = {};
  let at = 1;
  if (text.charCodeAt(at) === CLOSE) return at === text.length - 1 ? picked : null;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) return null;
    const keyEnd = text.indexOf('"', at + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) return null;
    const key = text.slice(at + 1, keyEnd);
    const valueStart = keyEnd + 2;
    let valueEnd: number;
    let value: unknown;
    if (text.charCodeAt(valueStart) === QUOTE) {
      const close = text.indexOf('"', valueStart + 1);
      if (close < 0) return null;
      valueEnd = close + 1;
      value = text.slice(valueStart + 1, close);
    } else {
      valueEnd = valueStart;
      while (valueEnd < text.length && text.charCodeAt(valueEnd) !== COMMA && text.charCodeAt(valueEnd) !== CLOSE) valueEnd += 1;
      const literal = text.slice(valueStart, valueEnd);
      value = scalar(literal);
      if (value === undefined) return null;
    }
    // A repeated key: JSON.parse keeps the last one, and so does this.
    if (fields.includes(key)) picked[key] = value;
    const next = text.charCodeAt(valueEnd);
    if (next === CLOSE) return valueEnd === text.length - 1 ? picked : null;
    if (next !== COMMA) return null;
    at = valueEnd + 1;
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A JSON literal or number, or undefined when the text is neither (an object, an array, white space). */
function scalar(literal: string): unknown {
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null') return null;
  return NUMBER.test(literal) ? Number(literal) : undefined;
}
