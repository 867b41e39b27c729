import { z } from 'zod';

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

export const postEventSchemas = { PostDefined } as const;
