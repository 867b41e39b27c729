import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { RectificationSource, VerificationOutcome } from './commands.js';

// Stream: `rectification-<rectificationId>`, one per item of a unit's rectification ledger (整改台账).
// Nothing on it is ever edited: a later deadline, the completion and the check are events of their own.

export const RectificationRecorded = z.object({
  rectificationId: z.string(),
  unitId: z.string(),
  problem: z.string(),
  source: RectificationSource,
  caseId: z.string().nullable(),
  measure: z.string(),
  responsibleDepartment: z.string(),
  responsiblePerson: z.string(),
  responsibleOfficerId: z.string().nullable(),
  foundOn: calendarDate,
  dueOn: calendarDate,
});

export const RectificationProgressNoted = z.object({
  rectificationId: z.string(),
  notedOn: calendarDate,
  note: z.string(),
});

export const RectificationDeadlineExtended = z.object({
  rectificationId: z.string(),
  /** The deadline it replaces. */
  previousDueOn: calendarDate,
  dueOn: calendarDate,
  reason: z.string(),
  approvedBy: z.string(),
  approvedOn: calendarDate,
  /**
   * Approved after the deadline it replaces had passed: the item was overdue then, and stays late
   * whenever it is done (an extension is no erasure of lateness incurred).
   */
  afterDeadline: z.boolean(),
});

export const RectificationCompleted = z.object({
  rectificationId: z.string(),
  completedOn: calendarDate,
  summary: z.string(),
  /** The deadline in force when it was done. */
  dueOn: calendarDate,
  /** Done after that deadline, or after an earlier one that passed before it was extended or reopened. */
  late: z.boolean(),
});

export const RectificationVerified = z.object({
  rectificationId: z.string(),
  verifiedOn: calendarDate,
  outcome: VerificationOutcome,
  note: z.string(),
  /** Rejected: the deadline of the renewed rectification (the item is open again); accepted: null. */
  dueOn: calendarDate.nullable(),
});

export const rectificationEventSchemas = {
  RectificationRecorded, RectificationProgressNoted, RectificationDeadlineExtended, RectificationCompleted, RectificationVerified,
} as const;
