import {
  CorruptEventError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  UnsupportedSchemaVersionError,
  WrongExpectedVersionError,
  type ActualRevision,
} from '../errors.js';
import type { JsonObject } from '../event-store.js';

// Errors do not survive structured cloning between threads with their class and fields (SQLite's
// error code above all), so they travel as plain data and are rebuilt on arrival: the port's typed
// errors (errors.ts) as their own classes, with their fields; any other error as an Error that
// keeps its name, message, code and cause.

export interface SentError {
  name: string;
  message: string;
  code?: string;
  cause?: SentError;
  /** The fields of a typed error, to rebuild it with. */
  fields?: Record<string, string | bigint | number>;
}

export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  const fields = fieldsOf(error);
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.cause !== undefined ? { cause: sendError(error.cause) } : {}),
    ...(fields ? { fields } : {}),
  };
}

export function receiveError(sent: SentError): Error {
  const cause = sent.cause ? receiveError(sent.cause) : undefined;
  const options = cause ? { cause } : undefined;
  const error = typedError(sent, options) ?? Object.assign(new Error(sent.message, options), { name: sent.name });
  if (sent.code !== undefined) Object.assign(error, { code: sent.code });
  return error;
}

function fieldsOf(error: Error): SentError['fields'] {
  if (error instanceof WrongExpectedVersionError) return { streamName: error.streamName, expected: error.expected, actual: error.actual };
  if (error instanceof StreamNotFoundError) return { streamName: error.streamName };
  if (error instanceof UnsupportedSchemaVersionError) return { found: error.found, supported: error.supported };
  if (error instanceof CorruptEventError) {
    const { position, streamName, revision, eventId, reason, metadata } = error;
    return {
      reason,
      ...(metadata !== null ? { metadata: JSON.stringify(metadata) } : {}),
      ...(position !== null ? { position } : {}),
      ...(streamName !== null ? { streamName } : {}),
      ...(revision !== null ? { revision } : {}),
      ...(eventId !== null ? { eventId } : {}),
    };
  }
  return undefined;
}

/** The typed error `sent` was, when its name and fields say which; undefined otherwise. */
function typedError(sent: SentError, options: { cause: Error } | undefined): Error | undefined {
  const fields = sent.fields ?? {};
  switch (sent.name) {
    case 'StoreUnavailableError':
      return new StoreUnavailableError(sent.message, options);
    case 'InvalidAppendError':
      return new InvalidAppendError(sent.message, options);
    case 'WrongExpectedVersionError': {
      const { streamName, expected, actual } = fields;
      if (typeof streamName !== 'string' || typeof expected !== 'string' || !(typeof actual === 'bigint' || actual === 'no_stream')) return undefined;
      return withCause(new WrongExpectedVersionError(streamName, expected, actual as ActualRevision), options);
    }
    case 'StreamNotFoundError':
      return typeof fields['streamName'] === 'string' ? withCause(new StreamNotFoundError(fields['streamName']), options) : undefined;
    case 'UnsupportedSchemaVersionError': {
      const { found, supported } = fields;
      return typeof found === 'number' && typeof supported === 'number' ? withCause(new UnsupportedSchemaVersionError(found, supported), options) : undefined;
    }
    case 'CorruptEventError': {
      const { position, streamName, revision, eventId, reason, metadata } = fields;
      if (typeof reason !== 'string') return undefined;
      return withCause(new CorruptEventError(
        typeof position === 'bigint' ? position : null,
        typeof streamName === 'string' ? streamName : null,
        typeof revision === 'bigint' ? revision : null,
        typeof eventId === 'string' ? eventId : null,
        reason,
        typeof metadata === 'string' ? JSON.parse(metadata) as JsonObject : null,
      ), options);
    }
    default:
      return undefined;
  }
}

function withCause<E extends Error>(error: E, options: { cause: Error } | undefined): E {
  if (options) Object.defineProperty(error, 'cause', { value: options.cause, writable: true, configurable: true, enumerable: false });
  return error;
}
