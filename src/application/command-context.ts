import type { DateTime } from 'luxon';

export const roles = ['inspector', 'hr', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  /** The token's `sub`: recorded as the actor of every event written. */
  sub: string;
  roles: readonly Role[];
  /** The user's own officer id, when they are an officer: they may not act on their own cases. */
  officerId?: string;
}

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
}

/** What every write answers: the id of the thing written, its stream's revision, the log position. */
export interface WriteResult {
  id: string;
  revision: bigint;
  position: bigint;
}
