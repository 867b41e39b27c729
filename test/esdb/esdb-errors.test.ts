// How the EventStoreDB adapter translates what @eventstore/db-client throws into the port's typed
// errors, using the client's own error classes (as its Append and BatchAppend paths build them).

import t from 'tap';
import {
  AccessDeniedError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../src/store/errors.js';
import { actualRevisionOf, toStoreError } from '../../src/store/esdb/esdb-errors.js';

t.test('a wrong expected version keeps the stream, what we expected and what the stream is at', async (t) => {
  const onMissing = new ClientWrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 3n, current: 'no_stream' });
  const mapped = toStoreError(onMissing, { operation: 'append', streamName: 'case-1', expected: 3n });
  t.type(mapped, WrongExpectedVersionError);
  t.same([(mapped as WrongExpectedVersionError).streamName, (mapped as WrongExpectedVersionError).expected, (mapped as WrongExpectedVersionError).actual], ['case-1', '3', 'no_stream']);

  const onExisting = new ClientWrongExpectedVersionError(undefined, { streamName: 'case-1', expected: 'no_stream', current: 4n });
  const existing = toStoreError(onExisting, { operation: 'append' }) as WrongExpectedVersionError;
  t.same([existing.streamName, existing.expected, existing.actual], ['case-1', 'no_stream', 4n], 'without context, the client\'s own fields');
});

t.test('the actual version is never passed to BigInt() blindly', async (t) => {
  t.equal(actualRevisionOf('no_stream'), 'no_stream');
  t.equal(actualRevisionOf(-1n), 'no_stream', 'the Append path reports a missing stream as -1');
  t.equal(actualRevisionOf(7n), 7n);
  t.equal(actualRevisionOf(7), 7n);
  t.equal(actualRevisionOf(-1), 'no_stream');
  t.equal(actualRevisionOf('12'), 12n);
  t.equal(actualRevisionOf(undefined), 'no_stream');
  t.equal(actualRevisionOf('something else'), 'no_stream');
});

t.test('refusals the caller can fix are InvalidAppendError; a missing stream is StreamNotFoundError', async (t) => {
  t.type(toStoreError(new ClientStreamNotFoundError(undefined, 'officer-9'), { operation: 'read' }), StreamNotFoundError);
  t.equal((toStoreError(new ClientStreamNotFoundError(undefined, 'officer-9'), { operation: 'read' }) as StreamNotFoundError).streamName, 'officer-9');
  const deleted = toStoreError(StreamDeletedError.fromStreamName('officer-9'), { operation: 'append', streamName: 'officer-9' });
  t.type(deleted, InvalidAppendError);
  t.match(deleted.message, /officer-9.*deleted/);
  const tooLarge = toStoreError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576), { operation: 'append', streamName: 'case-1' });
  t.type(tooLarge, InvalidAppendError);
  t.match(tooLarge.message, /1048576 bytes/);
  t.type(toStoreError(new InvalidArgumentError('fromRevision must be non-negative'), { operation: 'read' }), InvalidAppendError);
});

t.test('a read from a position where no record starts is the caller\'s mistake, not a failing store', async (t) => {
  // What the client makes of EventStoreDB's INVALID_ARGUMENT answer to such a read.
  const refused = new UnknownError({ code: 3, message: '3 INVALID_ARGUMENT: Trying to read from an invalid position.' } as never);
  const mapped = toStoreError(refused, { operation: 'read of $all' });
  t.type(mapped, InvalidAppendError);
  t.notOk(mapped instanceof StoreUnavailableError);
  t.match(mapped.message, /read of \$all.*no record of the log starts at the position/);
});

t.test('everything else means the store could not answer: StoreUnavailableError, with the cause kept', async (t) => {
  for (const error of [new UnavailableError(), new DeadlineExceededError(), new UnknownError(), new AccessDeniedError(), new Error('socket hang up'), 'a string']) {
    const mapped = toStoreError(error, { operation: 'append to "case-1"' });
    t.type(mapped, StoreUnavailableError, String((error as Error).constructor?.name ?? error));
    t.equal(mapped.cause, error);
  }
  t.match(toStoreError(new AccessDeniedError(), { operation: 'read' }).message, /credentials/, 'access denied points at the connection string');
});
