import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';

// Stream: `post-<postId>`.

export const PostDefined = z.object({
  postId: z.string(),
  unitId: z.string(),
  title: z.string(),
  /** An enforcement post needs a qualified holder. */
  enforcement: z.boolean(),
  /** A sensitive post (重要或敏感岗位) is rotated every `rotationPeriodMonths`. */
  sensitive: z.boolean(),
  rotationPeriodMonths: z.number().int().positive().nullable(),
});

/** What a change of a post may change (its unit and whether it is an enforcement post never change). */
export const ChangeablePostFields = z.object({
  title: z.string(),
  sensitive: z.boolean(),
  rotationPeriodMonths: z.number().int().positive().nullable(),
});

/**
 * The post holds these values from `effectiveOn` on (the bureau named it important or sensitive, no
 * longer so, or set another rotation period). Each officer holding it then records the change in
 * their own stream (HeldPostChanged), which moves their rotation clock: a clock counts from the
 * start of the officer's tenure on the post, not from this day.
 */
export const PostChanged = z.object({
  postId: z.string(),
  effectiveOn: calendarDate,
  reason: z.string(),
  ...ChangeablePostFields.shape,
  /** The values before the change. */
  previous: ChangeablePostFields,
});

export const postEventSchemas = { PostDefined, PostChanged } as const;
