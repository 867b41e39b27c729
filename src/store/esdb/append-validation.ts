import type { EventToAppend, ExpectedRevision } from '../event-store.js';
import { InvalidAppendError } from '../errors.js';
import { assertStreamName } from '../stream-name.js';

// Everything the adapter checks before anything is sent to EventStoreDB, so that bad input gets a
// typed error and the log is untouched.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REVISION = 2n ** 63n - 1n;

export function assertValidAppend(streamName: unknown, events: unknown, expectedRevision: unknown): void {
  assertStreamName(streamName);
  assertExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`An append to "${streamName}" needs at least one event`);
  }
  const ids = new Set<string>();
  for (const [index, event] of (events as unknown[]).entries()) {
    assertEvent(event, `${streamName}[${index}]`);
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new InvalidAppendError(`Event id ${event.id} appears twice in one append to "${streamName}"`);
    ids.add(id);
  }
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'bigint' && expected >= 0n && expected <= MAX_REVISION) return;
  throw new InvalidAppendError(
    `Invalid expected revision ${describe(expected)}: expected "any", "no_stream", "stream_exists" or a revision (bigint >= 0)`,
  );
}

export function assertMaxCount(maxCount: unknown): void {
  if (maxCount === undefined) return;
  if (typeof maxCount !== 'number' || !Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new InvalidAppendError(`Invalid maxCount ${describe(maxCount)}: expected a whole number >= 0`);
  }
}

export function assertPositionOption(value: unknown, name: string): void {
  if (value === undefined || value === 'start' || value === 'end') return;
  if (typeof value === 'bigint' && value >= 0n) return;
  throw new InvalidAppendError(`Invalid ${name} ${describe(value)}: expected "start", "end" or a bigint >= 0`);
}

function assertEvent(event: unknown, where: string): asserts event is EventToAppend {
  if (!isPlainObject(event)) throw new InvalidAppendError(`Event ${where} is not an object`);
  if (typeof event.id !== 'string' || !UUID.test(event.id)) {
    throw new InvalidAppendError(`Event ${where} needs a uuid id, got ${describe(event.id)}`);
  }
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new InvalidAppendError(`Event ${where} needs a type`);
  }
  // EventStoreDB reserves `$` types for its own events, which readAll and subscriptions leave out.
  if (event.type.startsWith('$')) {
    throw new InvalidAppendError(`Event ${where} has type "${event.type}": types starting with "$" are reserved for the store`);
  }
  assertJsonObject(event.data, `data of event ${where}`);
  assertJsonObject(event.metadata, `metadata of event ${where}`);
}

function assertJsonObject(value: unknown, what: string): void {
  if (!isPlainObject(value)) throw new InvalidAppendError(`The ${what} must be a JSON object`);
  const problem = findNonJson(value, '$', new Set());
  if (problem) throw new InvalidAppendError(`The ${what} is not JSON: ${problem}`);
}

/** The first place where `value` would not survive JSON.stringify/JSON.parse unchanged, or null. */
function findNonJson(value: unknown, path: string, ancestors: Set<object>): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}`;
    case 'object': {
      if (value === null) return null;
      if (ancestors.has(value)) return `${path} refers to itself`;
      if (!Array.isArray(value) && !isPlainObject(value)) return `${path} is a ${value.constructor?.name ?? 'non-plain object'}`;
      ancestors.add(value);
      try {
        if (Array.isArray(value)) {
          for (let index = 0; index < value.length; index += 1) {
            const problem = findNonJson(value[index], `${path}[${index}]`, ancestors);
            if (problem) return problem;
          }
          return null;
        }
        for (const [key, child] of Object.entries(value)) {
          // An undefined property is simply absent in JSON, as for any optional field (the SQLite store agrees).
          if (child === undefined) continue;
          const problem = findNonJson(child, `${path}.${key}`, ancestors);
          if (problem) return problem;
        }
        return null;
      } finally {
        ancestors.delete(value);
      }
    }
    default:
      return `${path} is ${typeof value}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
