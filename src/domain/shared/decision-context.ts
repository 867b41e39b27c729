import type { DateTime } from 'luxon';
import type { Actor } from './actor.js';
import { dateAt, type CalendarDate } from './calendar.js';

// What every decision may know besides the command and the state: the server's clock, the bureau's
// zone and the actor. Looked-up facts from other aggregates travel in the command itself.

export interface DecisionContext {
  /** The server's clock: "today" is this instant's date in the bureau's zone. */
  now: DateTime;
  timezone: string;
  actor: Actor;
  /** Days a verification is given when the inspector names no due date (default 30). */
  verificationDays?: number;
}

export const DEFAULT_VERIFICATION_DAYS = 30;

export function today(ctx: DecisionContext): CalendarDate {
  return dateAt(ctx.now, ctx.timezone);
}
