// What a caller of seedRegister chooses, and what it is told while and after the seed writes.
import type { CalendarDate } from '../../src/domain/shared/calendar.js';
import type { EventStore } from '../../src/store/event-store.js';

export interface SeedOptions {
  /** Where to write: normally the register's store wrapped by withHashChain, as the server writes. */
  store: EventStore;
  /** The random seed (default 2021). */
  seed?: number;
  officers?: number;
  /** Default: one unit per 60 officers, at least 4. */
  units?: number;
  /** The first simulated day (default: `years` before `to`). */
  from?: CalendarDate;
  /** The last simulated day (default: today in the bureau's zone). */
  to?: CalendarDate;
  years?: number;
  /** Reports per officer per year (default 0.3). */
  caseRate?: number;
  /**
   * The share of reports handled on paper first (default 0.05): each step of such a case is entered
   * 10 to 90 days after it happened, with the day it happened (reportedOn, assignedOn, foundOn,
   * effectiveOn, filedOn, decidedOn, closedOn), as a paper ledger moved into the register would be.
   */
  paperShare?: number;
  /** Stop after the day on which the seed has written this many events. */
  maxEvents?: number;
  /** Commands in flight at once (different aggregates; default 32): lets the store group its commits. */
  concurrency?: number;
  /** The register's SANCTION_BAR_MONTHS (default 12): the bureau waits it out before a sanctioned officer returns to enforcement. */
  sanctionBarMonths?: number;
  timezone?: string;
  onProgress?: (progress: SeedProgress) => void;
  /** Each command the register refused, with its rule and message. */
  onRefusal?: (rule: string, message: string) => void;
}

export interface SeedProgress {
  day: CalendarDate;
  events: number;
  commands: number;
}

export interface SeedReport {
  from: CalendarDate;
  to: CalendarDate;
  /** The last day simulated (earlier than `to` when maxEvents stopped it). */
  lastDay: CalendarDate;
  units: number;
  officers: number;
  cases: number;
  commands: number;
  events: number;
  /** Commands the register refused, by rule: a realistic bureau sometimes tries what the rules forbid. */
  refused: Record<string, number>;
  lastPosition: bigint | null;
}
