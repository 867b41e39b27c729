import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor, CommandContext } from '../../src/application/command-context.js';
import type { CalendarDate } from '../../src/domain/shared/calendar.js';

/**
 * The server's clock as the seed sets it: each command of a simulated day runs with that day as its
 * `now` (from 08:00, half a second apart), so no date it carries is in the future of its record time.
 */
export class SimulatedClock {
  private sequence = 0;
  private morning: { day: CalendarDate; start: DateTime } | null = null;

  constructor(private readonly timezone: string, public day: CalendarDate) {}

  /** A new simulated day: its commands are timed from 08:00 again. */
  startDay(day: CalendarDate): void {
    this.day = day;
    this.sequence = 0;
  }

  /** The context of the next command of the day. */
  context(actor: Actor): CommandContext {
    this.sequence += 1;
    if (this.morning?.day !== this.day) this.morning = { day: this.day, start: DateTime.fromISO(`${this.day}T08:00:00`, { zone: this.timezone }) };
    return { actor, correlationId: randomUUID(), now: this.morning.start.plus({ milliseconds: this.sequence * 500 }) };
  }
}
