import { WrongExpectedVersionError, type ActualRevision } from '../errors.js';
import type { PreparedAppend } from './append-input.js';
import type { AppendOutcome } from './append-writer.js';
import { receiveError, sendError, type SentError } from './sent-error.js';

// What the request thread and the commit thread (commit-worker.ts) say to each other. Errors do
// not survive structured cloning with their class and fields, so outcomes travel as plain data
// and become the port's typed errors again on arrival.

export type ToCommitThread =
  /** `maxBatch`: appends per transaction at most; `committedRun`: where the writer publishes what it commits (committed-run.ts). */
  | { type: 'open'; store: number; path: string; maxBatch: number; committedRun: SharedArrayBuffer }
  | { type: 'appends'; store: number; appends: SentAppends }
  | { type: 'close'; store: number };

export type FromCommitThread =
  | { type: 'opened'; store: number }
  | { type: 'open-failed'; store: number; error: SentError }
  /** The answers to the next `outcomes.length` appends the store sent, in order, from one transaction. */
  | { type: 'committed'; store: number; outcomes: SentOutcome[] }
  /** The next `appends` appends the store sent were in a transaction that failed: none is acknowledged. */
  | { type: 'commit-failed'; store: number; appends: number; error: SentError }
  | { type: 'closed'; store: number };

/**
 * Appends as one flat array of primitives: per append its stream, expected revision, event count,
 * then id, type, data and metadata of each event. Cloning that between threads costs a fraction of
 * cloning the same appends as objects.
 */
export type SentAppends = Array<string | bigint | number>;

export function sendAppends(appends: readonly PreparedAppend[]): SentAppends {
  const sent: SentAppends = [];
  for (const { streamName, expected, events } of appends) {
    sent.push(streamName, expected, events.length);
    for (const { id, type, data, metadata } of events) sent.push(id, type, data, metadata);
  }
  return sent;
}

export function receiveAppends(sent: SentAppends): PreparedAppend[] {
  const appends: PreparedAppend[] = [];
  let index = 0;
  while (index < sent.length) {
    const streamName = sent[index] as string;
    const expected = sent[index + 1] as PreparedAppend['expected'];
    const count = sent[index + 2] as number;
    index += 3;
    const events = new Array<PreparedAppend['events'][number]>(count);
    for (let event = 0; event < count; event += 1, index += 4) {
      events[event] = { id: sent[index] as string, type: sent[index + 1] as string, data: sent[index + 2] as string, metadata: sent[index + 3] as string };
    }
    appends.push({ streamName, expected, events });
  }
  return appends;
}

export type SentOutcome =
  /** `created` when the append was written, not a repeat. */
  | { nextExpectedRevision: bigint; position: bigint; created?: string }
  | { wrongExpectedVersion: { streamName: string; expected: string; actual: ActualRevision } }
  | { error: SentError };

export function sendOutcome(outcome: AppendOutcome): SentOutcome {
  if (outcome instanceof WrongExpectedVersionError) {
    return { wrongExpectedVersion: { streamName: outcome.streamName, expected: outcome.expected, actual: outcome.actual } };
  }
  if (outcome instanceof Error) return { error: sendError(outcome) };
  return outcome;
}

export function receiveOutcome(sent: SentOutcome): AppendOutcome {
  if ('wrongExpectedVersion' in sent) {
    const { streamName, expected, actual } = sent.wrongExpectedVersion;
    return new WrongExpectedVersionError(streamName, expected, actual);
  }
  if ('error' in sent) return receiveError(sent.error);
  return sent;
}
