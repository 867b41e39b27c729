import { DateTime } from 'luxon';
import type { Actor, CommandContext, WriteResult } from '../../src/application/command-context.js';
import { createCommandService, type CommandService } from '../../src/application/command-service.js';
import { addDays, addMonths, DEFAULT_BUREAU_TIMEZONE, type CalendarDate } from '../../src/domain/shared/calendar.js';
import { DEFAULT_SANCTION_BAR_MONTHS } from '../../src/domain/shared/decision-context.js';
import type { EventStore } from '../../src/store/event-store.js';
import { BureauModel } from './bureau/model.js';
import { counting } from './counting-store.js';
import { DayScheduler, type Planned } from './day-scheduler.js';
import type { SeedOptions } from './options.js';
import { Random } from './random.js';
import { SimulatedClock } from './simulated-clock.js';

/**
 * What one seeding shares: its settings, its random numbers, the command service it writes through,
 * its model of the bureau, the calendar of planned actions, the simulated clock, and its counts.
 * Every part of the seed is handed this and reads the day from it when it runs.
 */
export class SeedRun {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly timezone: string;
  readonly officerCount: number;
  readonly unitCount: number;
  /** Reports per officer in service per year. */
  readonly caseRate: number;
  readonly sanctionBarMonths: number;
  /** The share of reports handled on paper first and entered late (paperLag). */
  readonly paperShare: number;
  readonly rnd: Random;
  /**
   * The draws of the cases handled on paper: a sequence of their own, so that the other draws (and
   * the bureau they make) stay those of a seed without paper cases.
   */
  readonly paperRnd: Random;
  readonly store: EventStore & { appended: number };
  readonly commands: CommandService;
  readonly bureau = new BureauModel();
  readonly scheduler: DayScheduler;
  readonly clock: SimulatedClock;
  commandCount = 0;
  caseCount = 0;
  lastPosition: bigint | null = null;
  /** Officers are numbered J00001, J00002… in the order the seed creates them. */
  private officersNumbered = 0;
  /** New cases have no id before the register assigns one: each is keyed by a number of its own. */
  private newCases = 0;
  /** By case id: how many days after each step a case handled on paper is entered (absent: the day it happens). */
  private readonly paperLags = new Map<string, number>();

  constructor(options: SeedOptions) {
    this.timezone = options.timezone ?? DEFAULT_BUREAU_TIMEZONE;
    this.rnd = new Random(options.seed ?? 2021);
    this.paperRnd = new Random(((options.seed ?? 2021) ^ 0x9a9e7) >>> 0);
    this.paperShare = options.paperShare ?? 0.05;
    this.to = options.to ?? DateTime.now().setZone(this.timezone).toISODate()!;
    this.from = options.from ?? addMonths(this.to, -12 * (options.years ?? 5));
    this.officerCount = options.officers ?? 300;
    this.unitCount = options.units ?? Math.max(4, Math.ceil(this.officerCount / 60));
    this.caseRate = options.caseRate ?? 0.3;
    this.sanctionBarMonths = options.sanctionBarMonths ?? DEFAULT_SANCTION_BAR_MONTHS;
    this.store = counting(options.store);
    this.commands = createCommandService({ store: this.store, timezone: this.timezone, sanctionBarMonths: this.sanctionBarMonths });
    this.scheduler = new DayScheduler(this.to, options.concurrency ?? 32, options.onRefusal);
    this.clock = new SimulatedClock(this.timezone, this.from);
  }

  /** The simulated day: read it when an action runs, never keep it from when it was planned. */
  get day(): CalendarDate {
    return this.clock.day;
  }

  /** The context of the next command of the day. */
  context(actor: Actor): CommandContext {
    return this.clock.context(actor);
  }

  /** Counts a command the register accepted. */
  written(result: WriteResult): WriteResult {
    this.commandCount += 1;
    if (this.lastPosition === null || result.position > this.lastPosition) this.lastPosition = result.position;
    return result;
  }

  /**
   * For a new report: 0 (entered the day it is received), or for a share of them (paperShare) the
   * days the bureau's paper ledger runs behind the register, 10 to 90: the case is then kept on
   * paper and each of its steps entered that many days after it happened, with its own date (as a
   * unit moving its paper ledgers into the register enters them). Never reaching back to the
   * register's first days (the report, and a breach up to 20 days before it, come after them).
   */
  drawPaperLag(): number {
    if (!this.paperRnd.chance(this.paperShare)) return 0;
    const lag = this.paperRnd.int(10, 90);
    return addDays(this.day, -(lag + 30)) > this.from ? lag : 0;
  }

  /** Keeps a case handled on paper with its lag (drawPaperLag). */
  keptOnPaper(caseId: string, lag: number): void {
    if (lag > 0) this.paperLags.set(caseId, lag);
  }

  /** The day a step of the case happened: today, or for a case kept on paper, its lag earlier. */
  caseDay(caseId: string): CalendarDate {
    const lag = this.paperLags.get(caseId);
    return lag === undefined ? this.day : addDays(this.day, -lag);
  }

  plan(on: CalendarDate, action: Planned): void {
    this.scheduler.plan(on, action);
  }

  nextOfficerId(): string {
    this.officersNumbered += 1;
    return `J${String(this.officersNumbered).padStart(5, '0')}`;
  }

  nextNewCaseKey(): string {
    this.newCases += 1;
    return `case-new-${this.newCases}`;
  }
}
