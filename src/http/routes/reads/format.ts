import type { FastifyReply, FastifyRequest } from 'fastify';

// The reads that answer JSON or CSV take the choice from `?format=` or, without it, from the Accept
// header (RFC 9110, 12.5.1): a client that asks for `text/csv` (a spreadsheet's import, curl -H)
// gets the CSV, as with `?format=csv`. `?format=` wins over the header, so a link to a download
// stays one whatever the browser sends. JSON is the default: without Accept, with `*/*`, when both
// are as welcome (JSON is the register's own), and when the header accepts neither (the register
// answers JSON rather than 406, as it did before it read the header). Parameters of a media range
// other than `q` are not matched (the CSV is UTF-8 whatever `charset` asks for).

export type ReadFormat = 'json' | 'csv';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Splits a header value at the separators outside quoted strings. */
function splitOutsideQuotes(value: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (quoted && char === '\\') i += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** The media ranges of an Accept header, with their weights; those that cannot be read are left out. */
export function parseAccept(header: string | string[] | undefined): MediaRange[] {
  if (header === undefined) return [];
  const ranges: MediaRange[] = [];
  for (const element of splitOutsideQuotes(Array.isArray(header) ? header.join(',') : header, ',')) {
    const [range = '', ...parameters] = splitOutsideQuotes(element, ';');
    const [type = '', subtype = '', ...rest] = range.trim().toLowerCase().split('/');
    if (rest.length > 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
      if (name.toLowerCase() !== 'q') continue;
      // A weight is 0 to 1 (RFC 9110, 12.4.2); one out of that range is brought into it, one that is no number is none.
      const weight = Number.parseFloat(value);
      q = Number.isNaN(weight) ? 1 : Math.min(1, Math.max(0, weight));
      break;
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The weight the ranges give a media type: that of the most specific range that matches it (0 if none does). */
export function weightOf(ranges: readonly MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  let best = -1;
  let weight = 0;
  for (const range of ranges) {
    const specificity = range.type === '*' ? 0 : range.type !== type ? -1 : range.subtype === subtype ? 2 : range.subtype === '*' ? 1 : -1;
    if (specificity < 0) continue;
    if (specificity > best) {
      best = specificity;
      weight = range.q;
    } else if (specificity === best) {
      weight = Math.max(weight, range.q);
    }
  }
  return weight;
}

/** CSV when `?format=csv`, or without `?format=` when Accept prefers `text/csv` to `application/json`; JSON otherwise. */
export function chooseFormat(format: ReadFormat | undefined, accept: string | string[] | undefined): ReadFormat {
  if (format !== undefined) return format;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return 'json';
  const csv = weightOf(ranges, 'text/csv');
  return csv > 0 && csv > weightOf(ranges, 'application/json') ? 'csv' : 'json';
}

/** Adds a field name to the reply's Vary header (once). */
export function varyOn(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields = (Array.isArray(current) ? current.join(',') : current === undefined ? '' : String(current))
    .split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  reply.header('vary', [...fields, field].join(', '));
}

/**
 * The format of a read's answer (see above). Its answers vary with Accept, whichever was asked for
 * (a cache keeps the JSON and the CSV of one address apart), so each says so.
 */
export function negotiatedFormat(request: FastifyRequest, reply: FastifyReply, format: ReadFormat | undefined): ReadFormat {
  varyOn(reply, 'Accept');
  return chooseFormat(format, request.headers.accept);
}
