import type { JsonObject, RecordedEvent } from '../store/event-store.js';
import { redactEvent } from './protected-fields.js';

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

/** The NDJSON line for an event, newline included. */
export function encodeAuditLine(event: RecordedEvent): string {
  return `${JSON.stringify(toAuditLine(event))}\n`;
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

/** Reads one line back into an event; an AuditLineError says what is wrong with it. */
export function decodeAuditLine(text: string, line: number): RecordedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AuditLineError(line, `not JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new AuditLineError(line, 'not a JSON object');
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
