import type { ExpectedRevision } from '../event-store.js';

// EventStoreDB's expected-revision rules, as pure functions of the stream's current head
// (its last revision, or null when the stream has no events).

export function expectationMet(expected: ExpectedRevision, head: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return head === null;
    case 'stream_exists':
      return head !== null;
    default:
      return head === expected;
  }
}

/**
 * Whether an earlier append that wrote its first event at `firstRevision` could have been made
 * with this expectation, i.e. whether a retry carrying it is the same append.
 */
export function expectationFitsEarlierAppend(expected: ExpectedRevision, firstRevision: bigint): boolean {
  switch (expected) {
    case 'any':
    case 'stream_exists':
      return true;
    case 'no_stream':
      return firstRevision === 0n;
    default:
      return firstRevision === expected + 1n;
  }
}
