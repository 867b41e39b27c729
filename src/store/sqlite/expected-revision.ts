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
