import type { EventToAppend, ExpectedRevision } from '../event-store.js';
import { InvalidAppendError } from '../errors.js';
import { assertStreamName } from '../stream-name.js';
import { jsonProblem } from './json-check.js';

// Everything an append is checked for before it reaches the database, done once, at call time:
// a bad append is refused with a typed error and never joins a commit. What passes is already
// serialised, so later changes by the caller to its objects cannot change what is written.

export interface SerialisedEvent {
  /** Lower-case uuid. */
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface PreparedAppend {
  streamName: string;
  expected: ExpectedRevision;
  events: SerialisedEvent[];
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_REVISION = 2n ** 63n - 1n;

export function prepareAppend(streamName: unknown, events: unknown, options: unknown): PreparedAppend {
  assertStreamName(streamName);
  const expected = expectedRevisionOf(options);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`An append to "${streamName}" needs at least one event`);
  }
  const serialised = new Array<SerialisedEvent>(events.length);
  for (let index = 0; index < events.length; index += 1) serialised[index] = serialiseEvent(events[index] as unknown, streamName, index);
  if (serialised.length > 1) {
    const ids = new Set<string>();
    for (const { id } of serialised) {
      if (ids.has(id)) throw new InvalidAppendError(`Event id ${id} appears twice in one append to "${streamName}"`);
      ids.add(id);
    }
  }
  return { streamName, expected, events: serialised };
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'bigint' && expected >= 0n && expected <= MAX_REVISION) return;
  throw new InvalidAppendError(
    `Invalid expected revision ${describe(expected)}: expected "any", "no_stream", "stream_exists" or a revision (bigint >= 0)`,
  );
}

function expectedRevisionOf(options: unknown): ExpectedRevision {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidAppendError('An append needs options with an expectedRevision');
  }
  const expected = (options as { expectedRevision?: unknown }).expectedRevision;
  assertExpectedRevision(expected);
  return expected;
}

/** Runs for every event appended: where the event is, for error messages, is spelled out only on refusal. */
function serialiseEvent(event: unknown, streamName: string, index: number): SerialisedEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidAppendError(`Event ${where(streamName, index)} is not an object`);
  }
  const { id, type, data, metadata } = event as Partial<Record<keyof EventToAppend, unknown>>;
  if (typeof id !== 'string' || !isUuid(id)) throw new InvalidAppendError(`Event ${where(streamName, index)} needs a uuid id, got ${describe(id)}`);
  if (typeof type !== 'string' || type.length === 0) throw new InvalidAppendError(`Event ${where(streamName, index)} needs a type`);
  // `$` types are EventStoreDB's own; refusing them here keeps both stores accepting the same input.
  if (type.charCodeAt(0) === DOLLAR) {
    throw new InvalidAppendError(`Event ${where(streamName, index)} has type "${type}": types starting with "$" are reserved for the store`);
  }
  return {
    id: id.toLowerCase(),
    type,
    data: jsonText(data, 'data', streamName, index),
    metadata: jsonText(metadata, 'metadata', streamName, index),
  };
}

function jsonText(value: unknown, what: string, streamName: string, index: number): string {
  const problem = jsonProblem(value);
  if (problem !== null) throw new InvalidAppendError(`The ${what} of event ${where(streamName, index)} is not a JSON object: ${problem}`);
  return JSON.stringify(value);
}

function where(streamName: string, index: number): string {
  return `${streamName}[${index}]`;
}

const DOLLAR = 0x24;
const DASH = 0x2d;

/** 8-4-4-4-12 hex digits, either case: what UUID_PATTERN says, without a regular expression (which cost ~1 us an event). */
export function isUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let index = 0; index < 36; index += 1) {
    const code = text.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== DASH) return false;
    } else if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46))) {
      return false;
    }
  }
  return true;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `${value} (a number)`;
  return String(value);
}
