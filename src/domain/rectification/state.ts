import type { CalendarDate } from '../shared/calendar.js';

// An item of a unit's rectification ledger (整改台账): a problem found, the measure, who answers for
// it and by when; then its progress, later deadlines, its completion and an inspector's check.

export type RectificationStatus = 'open' | 'completed' | 'accepted';

export type RectificationState =
  | { exists: false }
  | {
      exists: true;
      rectificationId: string;
      unitId: string;
      responsiblePerson: string;
      responsibleOfficerId: string | null;
      foundOn: CalendarDate;
      /** The deadline in force. */
      dueOn: CalendarDate;
      /**
       * The first deadline that passed with the item not done (an extension approved after it, or a
       * completion after it, said so): the lateness incurred, which no later deadline erases.
       */
      missedDueOn: CalendarDate | null;
      /** open, completed (awaiting its check), or accepted on a check. A rejected check makes it open again. */
      status: RectificationStatus;
      completedOn: CalendarDate | null;
      latestProgressOn: CalendarDate | null;
      latestExtensionOn: CalendarDate | null;
      /** The day of the latest check that rejected the rectification (reopening it). */
      reopenedOn: CalendarDate | null;
    };

export const initialRectificationState: RectificationState = { exists: false };
