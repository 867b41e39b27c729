import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { AppealOutcome, AssignmentReason, SanctionCapacity, SanctionKind } from '../shared/codes.js';

// Stream: `officer-<officerId>`.

/**
 * What the officer's stream remembers of a post when the officer takes it; a later change of the
 * post reaches the holder's stream as HeldPostChanged.
 */
export const PostSnapshot = z.object({
  postId: z.string(),
  unitId: z.string(),
  title: z.string(),
  enforcement: z.boolean(),
  sensitive: z.boolean(),
  rotationPeriodMonths: z.number().int().positive().nullable(),
});
export type PostSnapshot = z.infer<typeof PostSnapshot>;

export const OfficerRegistered = z.object({
  officerId: z.string(),
  name: z.string(),
  unitId: z.string(),
  hiredOn: calendarDate,
});

export const QualificationGranted = z.object({
  officerId: z.string(),
  certificateNo: z.string(),
  grantedOn: calendarDate,
});

/** Takes a post; any previous post ends the same day (and with it any rotation clock). */
export const OfficerAssigned = z.object({
  officerId: z.string(),
  post: PostSnapshot,
  effectiveOn: calendarDate,
  reason: AssignmentReason,
  previousPostId: z.string().nullable(),
  /**
   * On a return to a sensitive post left less than 12 months earlier: the start of the earlier
   * tenure, which this one continues (the rotation is due at this date plus the post's period).
   * Null: a fresh tenure from `effectiveOn`. Added later: absent means null.
   */
  tenureSince: calendarDate.nullable().default(null),
});

export const RotationDeferred = z.object({
  officerId: z.string(),
  postId: z.string(),
  /** The new due date of the rotation. */
  until: calendarDate,
  reason: z.string(),
  approvedBy: z.string(),
});

export const WarningEducationAttended = z.object({
  officerId: z.string(),
  attendedOn: calendarDate,
  topic: z.string(),
});

/**
 * The officer-side effect of a sanction imposed in a case: qualification_revoked ends the
 * qualification and any enforcement post; reassignment moves to `toPost`; dismissal and expulsion
 * end service; off_post_training takes the officer off post until `untilOn`.
 */
export const SanctionTookEffect = z.object({
  officerId: z.string(),
  caseId: z.string(),
  sanctionId: z.string(),
  kind: SanctionKind,
  capacity: SanctionCapacity,
  effectiveOn: calendarDate,
  untilOn: calendarDate.nullable(),
  toPost: PostSnapshot.nullable(),
  /** A reassignment back onto a sensitive post: the earlier tenure it continues, as OfficerAssigned.tenureSince. Added later: absent means null. */
  tenureSince: calendarDate.nullable().default(null),
});

export const OffPostTrainingCompleted = z.object({
  officerId: z.string(),
  sanctionId: z.string(),
  completedOn: calendarDate,
});

/** An appeal decision that reduced or annulled a sanction in force. */
export const SanctionRevised = z.object({
  officerId: z.string(),
  caseId: z.string(),
  sanctionId: z.string(),
  appealId: z.string(),
  outcome: AppealOutcome.exclude(['upheld']),
  replacementKind: SanctionKind.nullable(),
  decidedOn: calendarDate,
  /** Where a replacement `reassignment` moves the officer (added later: absent means null). */
  toPost: PostSnapshot.nullable().default(null),
  /** The end of a replacement `off_post_training` (added later: absent means null). */
  untilOn: calendarDate.nullable().default(null),
  /** A replacement reassignment back onto a sensitive post: the earlier tenure it continues, as OfficerAssigned.tenureSince. Added later: absent means null. */
  tenureSince: calendarDate.nullable().default(null),
});

/**
 * The post the officer holds was changed (PostChanged, `changeEventId`, in the post's stream): the
 * holding keeps its start and takes the post as changed. On a post sensitive after the change, the
 * rotation clock runs from `tenureSince`, the start of the officer's tenure on the post (as a
 * return within 12 months continues it, whether or not the post was sensitive then), never from the
 * day of the change, and is due after the post's period from then; on a post no longer sensitive,
 * the clock stops. Null `tenureSince`: the post is not sensitive after the change.
 */
export const HeldPostChanged = z.object({
  officerId: z.string(),
  post: PostSnapshot,
  changeEventId: z.string(),
  /** The day the change took effect, and why (as the post's event says). */
  effectiveOn: calendarDate,
  reason: z.string(),
  tenureSince: calendarDate.nullable(),
});

/** Corrects a mistaken registration entry; the corrected event stays in the log. */
export const OfficerRecordCorrected = z.object({
  officerId: z.string(),
  correctsEventId: z.string().uuid(),
  reason: z.string(),
  changes: z.object({ name: z.string().optional(), hiredOn: calendarDate.optional(), unitId: z.string().optional() }),
});

export const officerEventSchemas = {
  OfficerRegistered, QualificationGranted, OfficerAssigned, RotationDeferred, WarningEducationAttended,
  SanctionTookEffect, OffPostTrainingCompleted, SanctionRevised, OfficerRecordCorrected, HeldPostChanged,
} as const;
