import { compareDates, type CalendarDate } from '../shared/calendar.js';
import type { Officer } from './state.js';

// The unit an officer worked in on a given day: that of the latest post they had taken by then,
// else the unit they were registered in. A case records its subjects' units on the day of the
// breach (the head of that unit on that day answers for it), not the units they moved to since.

/** Each unit the officer worked in, from the day it began: the registered unit, then each post's. */
export type UnitHistory = readonly { from: CalendarDate; unitId: string }[];

export function unitHistoryOf(officer: Pick<Officer, 'hiredOn' | 'registeredUnitId' | 'postHistory'>): UnitHistory {
  return [
    { from: officer.hiredOn, unitId: officer.registeredUnitId },
    ...officer.postHistory.map((entry) => ({ from: entry.from, unitId: entry.unitId })),
  ];
}

/**
 * The unit on `day`: that of the post taken latest on or before it (of two taken the same day, the
 * one recorded later); the registered unit for a day before any post (or, never asked, before hiring).
 */
export function unitOn(history: UnitHistory, day: CalendarDate): string {
  let latest = history[0]!;
  for (const entry of history) {
    if (compareDates(entry.from, day) <= 0 && compareDates(entry.from, latest.from) >= 0) latest = entry;
  }
  return latest.unitId;
}
