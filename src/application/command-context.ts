import type { DateTime } from 'luxon';
import type { Actor } from '../domain/shared/actor.js';

// The actor type lives in the domain (decisions need it); re-exported for the HTTP layer.
export { roles, type Actor, type Role } from '../domain/shared/actor.js';

export interface CommandContext {
  actor: Actor;
  /** The request id: written as `$correlationId` on every event the command writes. */
  correlationId: string;
  /** What caused the command (a request id or an event id); defaults to the correlation id. */
  causationId?: string;
  /** The server's clock: the record time of every event, and "today" in the bureau's zone. */
  now: DateTime;
  /** From `If-Match`: the write fails with a WrongExpectedVersionError unless the stream is here. */
  expectedRevision?: bigint;
  /**
   * Set for a request with an Idempotency-Key (derived-ids.ts): the ids the command creates and the
   * ids of its events derive from it, so a retry recognises what an unanswered first attempt wrote.
   */
  idempotencySeed?: string;
}

/** What every write answers: the id of the thing written, its stream's revision, the log position. */
export interface WriteResult {
  id: string;
  revision: bigint;
  position: bigint;
}
