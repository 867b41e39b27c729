import type { JsonObject } from './event-store.js';

// Typed errors of the event-store port. Adapters translate their engine's errors into these.

export type ActualRevision = bigint | 'no_stream';

export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: ActualRevision,
  ) {
    super(`Append to "${streamName}" expected revision ${expected}, but the stream is at ${String(actual)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamName: string) {
    super(`Stream "${streamName}" does not exist`);
  }
}

/** The caller passed something the store cannot accept (bad stream name, non-JSON data, ...). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

/** The store could not make the append durable (disk full, I/O error, closed store). */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The store's storage is damaged (a file that is not a database, a page corrupt): unavailable
 * like any other refusal, but not for a while. Waiting will not mend it: writes stay refused until
 * it is restored from a backup.
 */
export class StoreDamagedError extends StoreUnavailableError {
  override readonly name: string = 'StoreDamagedError';
}

/**
 * An event the store holds cannot be read as one: its data or metadata is not a JSON object, its
 * revision or position is not a whole number the store gives, a column holds the wrong kind of
 * value. The register never writes such a row: it was altered in storage, around the register.
 * Not a failure of the storage (the store stays available for everything else): an integrity
 * error, named by where it is.
 */
export class CorruptEventError extends Error {
  override readonly name = 'CorruptEventError';
  constructor(
    readonly position: bigint | null,
    readonly streamName: string | null,
    readonly revision: bigint | null,
    readonly eventId: string | null,
    /** What cannot be read, e.g. "its data is not valid JSON (...)". */
    readonly reason: string,
    /**
     * Its metadata, when that much of it still reads as a JSON object (who recorded it and when, its
     * hash link): an audit of the log shows it in the event's place.
     */
    readonly metadata: JsonObject | null = null,
  ) {
    const revisionOf = streamName === null ? '' : ` (${revision === null ? '' : `revision ${revision} of `}"${streamName}")`;
    super(`The event at position ${position ?? 'unknown'}${revisionOf} cannot be read: ${reason}. It was altered in storage; verify the log`);
  }
}

/** A store file written by a newer schema version than this code knows. */
export class UnsupportedSchemaVersionError extends Error {
  override readonly name = 'UnsupportedSchemaVersionError';
  constructor(readonly found: number, readonly supported: number) {
    super(`The store was written with schema version ${found}; this register supports up to ${supported}. Upgrade the register before opening it.`);
  }
}

export function describeExpected(expected: bigint | string): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
