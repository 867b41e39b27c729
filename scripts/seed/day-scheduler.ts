// The seed's calendar and how a simulated day runs. An action planned for a day is prepared when the
// day comes (its random draws then, in the order planned), its command runs with the others of the
// day, and it is settled once the whole day has run, again in the order planned. Only the settling
// updates the seed's model and plans what follows, so the draws never depend on which command of
// the day finished first.
import { ZodError } from 'zod';
import type { CalendarDate } from '../../src/domain/shared/calendar.js';
import { ActorNotPermittedError, NotFoundError, RuleViolation } from '../../src/domain/shared/errors.js';

/** One command of a day: prepared synchronously (random draws), executed, then settled in order. */
export interface Step {
  /** Steps with the same key (one aggregate) run one after the other; others run concurrently. */
  key: string;
  execute: () => Promise<void>;
  /** After the whole day: update the model and plan what follows (random draws again). */
  settle?: (ok: boolean) => void;
}

/** An action planned for a day: prepared on that day, or nothing when it no longer makes sense. */
export type Planned = () => Step | null;

const DOMAIN_REFUSALS = [RuleViolation, ActorNotPermittedError, NotFoundError];

export class DayScheduler {
  /** Commands the register refused, by rule. */
  readonly refused: Record<string, number> = {};
  private readonly calendar = new Map<CalendarDate, Planned[]>();

  constructor(
    /** The last simulated day: nothing is planned after it. */
    private readonly lastDay: CalendarDate,
    /** Commands in flight at once. */
    private readonly concurrency: number,
    private readonly onRefusal?: (rule: string, message: string) => void,
  ) {}

  plan(on: CalendarDate, action: Planned): void {
    if (on > this.lastDay) return;
    const list = this.calendar.get(on);
    if (list) list.push(action);
    else this.calendar.set(on, [action]);
  }

  /** The actions planned for the day, taken off the calendar (the day adds its own to the list). */
  takePlanned(day: CalendarDate): Planned[] {
    const actions = this.calendar.get(day) ?? [];
    this.calendar.delete(day);
    return actions;
  }

  /** Runs a day's actions: a refusal of the register is counted, any other error ends the seed. */
  async runDay(actions: Planned[]): Promise<void> {
    const steps: (Step & { ok?: boolean })[] = [];
    for (const action of actions) {
      const step = action();
      if (step) steps.push(step);
    }
    const groups = new Map<string, (Step & { ok?: boolean })[]>();
    for (const step of steps) {
      const group = groups.get(step.key);
      if (group) group.push(step);
      else groups.set(step.key, [step]);
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const step of group) {
          try {
            await step.execute();
            step.ok = true;
          } catch (error) {
            step.ok = false;
            this.countRefusal(error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    for (const step of steps) step.settle?.(step.ok === true);
  }

  private countRefusal(error: unknown): void {
    const { refused } = this;
    if (DOMAIN_REFUSALS.some((kind) => error instanceof kind)) {
      const rule = (error as { rule?: string }).rule ?? (error instanceof NotFoundError ? `unknown_${error.resource}` : 'refused');
      refused[rule] = (refused[rule] ?? 0) + 1;
      this.onRefusal?.(rule, (error as Error).message);
    } else if (error instanceof ZodError) {
      refused.invalid_input = (refused.invalid_input ?? 0) + 1;
    } else {
      throw error;
    }
  }
}
