import { z } from 'zod';
import { ClientId } from '../shared/codes.js';

// HTTP body of the post write (../shared/API.md); the route reuses this schema.

export const DefinePostInput = z
  .strictObject({
    postId: ClientId.describe('The post\'s id, chosen by the client'),
    unitId: ClientId.describe('The registered unit the post belongs to'),
    title: z.string().trim().min(1).max(200).describe('The post\'s title, e.g. 路政执法岗'),
    enforcement: z.boolean().describe('An enforcement post needs a qualified holder'),
    sensitive: z.boolean().describe('An important or sensitive post (重要或敏感岗位): its holders are rotated periodically'),
    rotationPeriodMonths: z.number().int().min(1).max(240).nullish()
      .describe('Months a holder may stay before rotation is due; required when sensitive (commonly 60)'),
  })
  .superRefine((post, ctx) => {
    if (post.sensitive && (post.rotationPeriodMonths === undefined || post.rotationPeriodMonths === null)) {
      ctx.addIssue({ code: 'custom', path: ['rotationPeriodMonths'], message: 'required when the post is sensitive' });
    }
  })
  .meta({ title: 'DefinePostInput', description: 'Defines a post of a unit.' });
export type DefinePostInput = z.infer<typeof DefinePostInput>;
