import type { JsonObject, RecordedEvent } from '../store/event-store.js';
import { chainLink } from './event-hash.js';
import { redactEvent } from './protected-fields.js';
import type { UnreadableEvent } from './unreadable-event.js';

// One event as one line of the audit stream (`GET /api/v1/audit/events`) and of an export file:
// JSON with revision and position as decimal strings, protected fields redacted, a newline at the
// end. The same lines verify offline, because the hash chain commits to the redacted form.

export interface AuditLine {
  position: string;
  streamName: string;
  revision: string;
  id: string;
  type: string;
  created: string;
  data: JsonObject;
  metadata: JsonObject;
}

export function toAuditLine(event: RecordedEvent): AuditLine {
  const redacted = redactEvent(event);
  return {
    position: redacted.position.toString(),
    streamName: redacted.streamName,
    revision: redacted.revision.toString(),
    id: redacted.id,
    type: redacted.type,
    created: redacted.created,
    data: redacted.data,
    metadata: redacted.metadata,
  };
}

/**
 * The line of an event the store holds but cannot read: where it is as far as that reads, what
 * cannot be read (`unreadable`), and its metadata when that reads. Never its data: what cannot be
 * read cannot be redacted either.
 */
export interface UnreadableAuditLine {
  position: string;
  streamName: string | null;
  revision: string | null;
  id: string | null;
  unreadable: string;
  metadata?: JsonObject;
}

export function toUnreadableAuditLine(event: UnreadableEvent): UnreadableAuditLine {
  // An empty stream or id, or a negative revision, is as good as none (and would not read back).
  return {
    position: event.position.toString(),
    streamName: event.streamName || null,
    revision: event.revision !== null && event.revision >= 0n ? event.revision.toString() : null,
    id: event.id || null,
    unreadable: event.reason,
    ...(event.metadata ? { metadata: event.metadata } : {}),
  };
}

/** The NDJSON line for an event (or for one the store cannot read), newline included. */
export function encodeAuditLine(event: RecordedEvent | UnreadableEvent): string {
  return `${JSON.stringify('unreadable' in event ? toUnreadableAuditLine(event) : toAuditLine(event))}\n`;
}

export const AUDIT_LINE_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

export class AuditLineError extends Error {
  override readonly name = 'AuditLineError';
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one line back: an event, or the store's event that could not be read where the line stands;
 * an AuditLineError says what is wrong with a line that is neither.
 */
export function decodeAuditEntry(text: string, line: number): RecordedEvent | UnreadableEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AuditLineError(line, `not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new AuditLineError(line, 'not a JSON object');
  if ('unreadable' in parsed) return decodeUnreadable(parsed, line);
  const { position, streamName, revision, id, type, created, data, metadata } = parsed;
  const problems: string[] = [];
  if (typeof position !== 'string' || !DECIMAL.test(position)) problems.push('position must be a decimal string');
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) problems.push('revision must be a decimal string');
  if (typeof streamName !== 'string' || streamName === '') problems.push('streamName must be a string');
  if (typeof id !== 'string' || id === '') problems.push('id must be a string');
  if (typeof type !== 'string' || type === '') problems.push('type must be a string');
  if (typeof created !== 'string') problems.push('created must be a string');
  if (!isObject(data)) problems.push('data must be an object');
  if (!isObject(metadata)) problems.push('metadata must be an object');
  if (problems.length > 0) throw new AuditLineError(line, problems.join('; '));
  return {
    position: BigInt(position as string),
    streamName: streamName as string,
    revision: BigInt(revision as string),
    id: id as string,
    type: type as string,
    created: created as string,
    data: data as JsonObject,
    metadata: metadata as JsonObject,
  };
}

function decodeUnreadable(parsed: JsonObject, line: number): UnreadableEvent {
  const { position, streamName, revision, id, unreadable, metadata } = parsed;
  const problems: string[] = [];
  if (typeof position !== 'string' || !DECIMAL.test(position)) problems.push('position must be a decimal string');
  if (revision !== null && (typeof revision !== 'string' || !DECIMAL.test(revision))) problems.push('revision must be a decimal string or null');
  if (streamName !== null && (typeof streamName !== 'string' || streamName === '')) problems.push('streamName must be a string or null');
  if (id !== null && (typeof id !== 'string' || id === '')) problems.push('id must be a string or null');
  if (typeof unreadable !== 'string' || unreadable === '') problems.push('unreadable must say what could not be read');
  if (metadata !== undefined && !isObject(metadata)) problems.push('metadata must be an object');
  if (problems.length > 0) throw new AuditLineError(line, problems.join('; '));
  const link = metadata === undefined ? undefined : chainLink(metadata as JsonObject);
  return {
    unreadable: true,
    reason: unreadable as string,
    position: BigInt(position as string),
    streamName: streamName as string | null,
    revision: revision === null ? null : BigInt(revision as string),
    id: id as string | null,
    ...(metadata !== undefined ? { metadata: metadata as JsonObject } : {}),
    ...(link ? { link } : {}),
  };
}
