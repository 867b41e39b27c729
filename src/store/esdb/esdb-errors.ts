import { ErrorType, isCommandError } from '@eventstore/db-client';
import type { ExpectedRevision } from '../event-store.js';
import {
  CorruptEventError,
  describeExpected,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type ActualRevision,
} from '../errors.js';

// Translates what @eventstore/db-client throws into the port's typed errors. Anything the client
// raises that is not a definite refusal (connection lost, deadline, leader change, unknown server
// error) becomes StoreUnavailableError: the append may or may not have been written, and a retry
// with the same event ids is idempotent on the server. A refusal of what the caller asked for (a
// read from a position where no record starts) is InvalidAppendError: it must not make the
// register take the store for unavailable.

export interface ErrorContext {
  operation: string;
  streamName?: string;
  expected?: ExpectedRevision;
}

/**
 * EventStoreDB reads `$all` only from a position where a record starts and refuses any other with
 * "Trying to read from an invalid position." (INVALID_ARGUMENT, which the client reports as an
 * unknown error): the position asked for is wrong, the server is fine.
 */
export function isInvalidPositionRefusal(error: unknown): boolean {
  return error instanceof Error && /invalid position/i.test(error.message);
}

export function toStoreError(error: unknown, context: ErrorContext): Error {
  // An event the adapter could not read is the log's problem, not the connection's.
  if (error instanceof CorruptEventError) return error;
  if (isInvalidPositionRefusal(error)) {
    return new InvalidAppendError(`EventStoreDB refused ${context.operation}: no record of the log starts at the position asked for`);
  }
  if (!(error instanceof Error) || !isCommandError(error)) {
    return new StoreUnavailableError(`EventStoreDB ${context.operation} failed: ${messageOf(error)}`, { cause: error });
  }
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new WrongExpectedVersionError(
        context.streamName ?? error.streamName,
        describeExpected(context.expected ?? expectedOf(error.expectedVersion)),
        actualRevisionOf(error.actualVersion),
      );
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(context.streamName ?? error.streamName);
    case ErrorType.STREAM_DELETED:
      // The register never deletes streams; someone did it by hand, and EventStoreDB refuses writes to it.
      return new InvalidAppendError(`Stream "${context.streamName ?? error.streamName}" was deleted in EventStoreDB`);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new InvalidAppendError(
        `The append to "${context.streamName ?? ''}" is larger than EventStoreDB accepts (${error.maxAppendSize} bytes)`,
      );
    case ErrorType.INVALID_ARGUMENT:
      return new InvalidAppendError(`EventStoreDB refused ${context.operation}: ${error.message}`);
    case ErrorType.ACCESS_DENIED:
      return new StoreUnavailableError(
        `EventStoreDB refused ${context.operation}: access denied (check the credentials in ESDB_CONNECTION_STRING)`,
        { cause: error },
      );
    default:
      return new StoreUnavailableError(`EventStoreDB ${context.operation} failed (${error.type}): ${error.message}`, {
        cause: error,
      });
  }
}

/**
 * The client reports the actual version as a bigint or as the string "no_stream" (never BigInt() it);
 * the Append path reports a missing stream as -1 when it does not throw.
 */
export function actualRevisionOf(actual: unknown): ActualRevision {
  if (typeof actual === 'bigint') return actual < 0n ? 'no_stream' : actual;
  if (typeof actual === 'number' && Number.isSafeInteger(actual)) return actual < 0 ? 'no_stream' : BigInt(actual);
  if (typeof actual === 'string' && /^\d+$/.test(actual)) return BigInt(actual);
  return 'no_stream';
}

function expectedOf(expected: unknown): string {
  return typeof expected === 'bigint' ? expected.toString() : String(expected);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
