import type Database from 'better-sqlite3';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { DateTime } from 'luxon';
import { dateAt, type CalendarDate } from '../../../domain/shared/calendar.js';
import type { ProjectionRunner } from '../../../read-models/projection-runner.js';
import type { EventStore } from '../../../store/event-store.js';
import { HttpProblem, problem } from '../../problem.js';
import { AggregateCache } from '../../../application/load-aggregate.js';

// What every read route shares: the read-model connection, "today" in the bureau's zone, and
// read-your-writes: `?minPosition=` waits (briefly) until the read models include that position.

export interface ReadContext {
  db: Database.Database;
  runner: ProjectionRunner;
  store: EventStore;
  /** The reads' own cache of folded units and officers (a case's unit heads, for the recusal rule). */
  aggregates: AggregateCache;
  timezone: string;
  clock: () => DateTime;
  dueSoonDays: number;
  minPositionWaitMs: number;
  /** A connection for one export (a CSV download), to release once it is sent or abandoned. */
  exportReader(): ExportReader;
}

/**
 * Where an export reads from. A download streams rows from a cursor while the client takes them,
 * and an open cursor keeps its connection at the snapshot it began with: on the connection the
 * other reads share, they would stop seeing new commits (?minPosition= included) until it ended.
 * So a download reads through a connection of its own, closed when it ends or is abandoned.
 */
export interface ExportReader {
  db: Database.Database;
  /** False when the read models live in memory (tests): there is no other connection, so the export is built before it is sent. */
  streaming: boolean;
  /** Closes the connection (once; later calls do nothing). */
  release(): void;
}

export const PROJECTION_POSITION_HEADER = 'x-projection-position';

export function today(context: ReadContext): CalendarDate {
  return dateAt(context.clock(), context.timezone);
}

/** Waits for `?minPosition=`; says in a header how far the read models are. */
export function awaitMinPosition(context: ReadContext): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const minPosition = (request.query as { minPosition?: string } | undefined)?.minPosition;
    if (minPosition !== undefined) {
      const wanted = BigInt(minPosition);
      const reached = await context.runner.waitForPosition(wanted, context.minPositionWaitMs);
      if (!reached) {
        await assertLogReaches(context.store, minPosition);
        throw new HttpProblem(problem(503, `The read models have not reached position ${minPosition} yet (they are at ${context.runner.position() ?? 'the start'}); retry shortly`), {
          'Retry-After': '1',
        });
      }
    }
    const position = context.runner.position();
    reply.header(PROJECTION_POSITION_HEADER, position === null ? '' : position.toString());
  };
}

/**
 * `?minPosition=` on a read that answers from the log itself (the audit stream, the verification):
 * every write acknowledged is already there, so there is nothing to wait for; a position the log
 * never reached is the client's mistake (400), as on the reads that answer from the read models.
 */
export async function assertLogReaches(store: Pick<EventStore, 'headPosition'>, minPosition: string | undefined): Promise<void> {
  if (minPosition === undefined) return;
  const head = await store.headPosition();
  if (head === null || head < BigInt(minPosition)) {
    throw new HttpProblem(problem(400, `The log has no position ${minPosition} (its last position is ${head ?? 'none'})`, {
      errors: [{ in: 'querystring', path: 'minPosition', message: 'beyond the end of the log' }],
    }));
  }
}

/**
 * A date range that ends before it starts is a mistake, not a question with no answer: a 400 naming
 * the end (the statistics, the alerts and the case register ask for ranges).
 */
export function assertRangeInOrder(query: Record<string, unknown>, fromKey: string, toKey: string): void {
  const from = query[fromKey];
  const to = query[toKey];
  if (typeof from === 'string' && typeof to === 'string' && from > to) {
    throw new HttpProblem(problem(400, `${fromKey} (${from}) is after ${toKey} (${to})`, {
      errors: [{ in: 'querystring', path: toKey, message: `must not be before ${fromKey}` }],
    }));
  }
}
