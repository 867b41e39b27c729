// Errors from the commit thread arrive as plain data (sent-error.ts): the port's typed errors must
// come back as their own classes with their fields, and any other error with its name, message,
// SQLite code and cause.

import t from 'tap';
import {
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  UnsupportedSchemaVersionError,
  WrongExpectedVersionError,
} from '../../src/store/errors.js';
import { receiveError, sendError } from '../../src/store/sqlite/sent-error.js';

/** As between threads: through structured cloning. */
const roundTrip = (error: unknown) => receiveError(structuredClone(sendError(error)));

t.test('typed errors come back as their classes, with their fields', async (t) => {
  const wrong = roundTrip(new WrongExpectedVersionError('case-1', '3', 5n));
  t.type(wrong, WrongExpectedVersionError);
  t.match(wrong, { streamName: 'case-1', expected: '3', actual: 5n, message: /expected revision 3, but the stream is at 5/ });
  t.match(roundTrip(new WrongExpectedVersionError('case-2', 'no_stream', 'no_stream')), { actual: 'no_stream' });

  const notFound = roundTrip(new StreamNotFoundError('case-3'));
  t.type(notFound, StreamNotFoundError);
  t.match(notFound, { streamName: 'case-3' });

  const newer = roundTrip(new UnsupportedSchemaVersionError(9, 7));
  t.type(newer, UnsupportedSchemaVersionError);
  t.match(newer, { found: 9, supported: 7 });

  const invalid = roundTrip(new InvalidAppendError('data is not JSON'));
  t.type(invalid, InvalidAppendError);
  t.equal(invalid.message, 'data is not JSON');
});

t.test('a store failure keeps SQLite\'s error as its cause, code included', async (t) => {
  const sqlite = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
  const error = roundTrip(new StoreUnavailableError('The store could not commit', { cause: sqlite }));
  t.type(error, StoreUnavailableError);
  t.equal(error.message, 'The store could not commit');
  const cause = error.cause as Error & { code?: string };
  t.equal(cause.name, 'SqliteError');
  t.equal(cause.message, 'database or disk is full');
  t.equal(cause.code, 'SQLITE_FULL');
});

t.test('a typed error whose fields did not come along stays a plain error with its name', async (t) => {
  const error = receiveError({ name: 'StreamNotFoundError', message: 'Stream "x" does not exist' });
  t.notOk(error instanceof StreamNotFoundError);
  t.equal(error.name, 'StreamNotFoundError');
  t.equal(error.message, 'Stream "x" does not exist');
});
