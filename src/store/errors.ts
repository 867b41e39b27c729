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
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
