import type { CalendarDate } from '../shared/calendar.js';

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
