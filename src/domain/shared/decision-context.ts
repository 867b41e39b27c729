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
  /**
   * Months after a reassignment or a loss of qualification took effect during which the officer
   * may not be put back on an enforcement post (nor, after a loss, be granted a qualification)
   * while the sanction stands (default 12; `SANCTION_BAR_MONTHS`).
   */
  sanctionBarMonths?: number;
}

export const DEFAULT_VERIFICATION_DAYS = 30;
export const DEFAULT_SANCTION_BAR_MONTHS = 12;

export function today(ctx: DecisionContext): CalendarDate {
  return dateAt(ctx.now, ctx.timezone);
}
