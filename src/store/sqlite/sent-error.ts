import { StoreUnavailableError } from '../errors.js';

// Errors do not survive structured cloning between threads with their class and fields (SQLite's
// error code above all), so they travel as plain data and are rebuilt on arrival.

export interface SentError {
  name: string;
  message: string;
  code?: string;
  cause?: SentError;
}

export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.cause !== undefined ? { cause: sendError(error.cause) } : {}),
  };
}

export function receiveError(sent: SentError): Error {
  const cause = sent.cause ? receiveError(sent.cause) : undefined;
  const options = cause ? { cause } : undefined;
  const error = sent.name === 'StoreUnavailableError' ? new StoreUnavailableError(sent.message, options) : new Error(sent.message, options);
  if (!(error instanceof StoreUnavailableError)) error.name = sent.name;
  if (sent.code !== undefined) Object.assign(error, { code: sent.code });
  return error;
}
