import { compareDates, type CalendarDate } from '../shared/calendar.js';

// A unit of the bureau (局属单位): its name and its head (单位负责人), who answers for its cases.

export interface UnitHeadTerm {
  officerId: string;
  /** Null for the head named when the unit was registered. */
  since: CalendarDate | null;
}

export type UnitState =
  | { exists: false }
  | {
      exists: true;
      unitId: string;
      name: string;
      /** The current head, or null when the unit has none on record. */
      headOfficerId: string | null;
      heads: UnitHeadTerm[];
    };

export const initialUnitState: UnitState = { exists: false };

/** What deciding who headed a unit on a day needs to know of each head (from their officer record). */
export interface HeadFacts {
  hiredOn: CalendarDate;
  /** When a dismissal or expulsion took effect; null while in service. */
  separatedOn: CalendarDate | null;
}

/**
 * The head of the unit on a day (e.g. the day of a breach): the head whose term covers it. A term
 * runs from its appointment (the head named at registration: from the start, but not before their
 * hiring) until the day before the next head's appointment, or until the day the head's dismissal
 * or expulsion took effect (as for a breach: that day still counts), whichever comes first. Null
 * when no term covers the day: the unit had no head on record then, or its head had left service.
 * A head of that day who left service later is still the head of that day.
 */
export function headOn(
  unit: UnitState,
  on: CalendarDate,
  heads: Record<string, HeadFacts | null | undefined> = {},
): string | null {
  if (!unit.exists) return null;
  let current: string | null = null;
  for (const term of unit.heads) {
    if (term.since !== null && compareDates(term.since, on) > 0) break;
    current = term.officerId;
  }
  if (current === null) return null;
  const facts = Object.hasOwn(heads, current) ? heads[current] : undefined;
  if (facts && compareDates(facts.hiredOn, on) > 0) return null;
  if (facts?.separatedOn && compareDates(on, facts.separatedOn) > 0) return null;
  return current;
}
