import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { ClientId } from '../shared/codes.js';

// HTTP bodies of the post writes (../shared/API.md); the routes reuse these schemas.

const title = z.string().trim().min(1).max(200);
const rotationPeriodMonths = z.number().int().min(1).max(240);
const PERIOD_REQUIRED = 'required when the post is sensitive';

export const DefinePostInput = z
  .strictObject({
    postId: ClientId.describe('The post\'s id, chosen by the client'),
    unitId: ClientId.describe('The registered unit the post belongs to'),
    title: title.describe('The post\'s title, e.g. 路政执法岗'),
    enforcement: z.boolean().describe('An enforcement post needs a qualified holder'),
    sensitive: z.boolean().describe('An important or sensitive post (重要或敏感岗位): its holders are rotated periodically'),
    rotationPeriodMonths: rotationPeriodMonths.nullish()
      .describe('Months a holder may stay before rotation is due; required when sensitive (commonly 60)'),
  })
  .superRefine((post, ctx) => {
    if (post.sensitive && (post.rotationPeriodMonths === undefined || post.rotationPeriodMonths === null)) {
      ctx.addIssue({ code: 'custom', path: ['rotationPeriodMonths'], message: PERIOD_REQUIRED });
    }
  })
  .meta({ title: 'DefinePostInput', description: 'Defines a post of a unit.' });
export type DefinePostInput = z.infer<typeof DefinePostInput>;

/**
 * A change of a defined post from a day on: the bureau names it important or sensitive (or no
 * longer), sets another rotation period, or renames it. What is not given stays as it is. Its unit
 * and whether it is an enforcement post never change (the qualification rules depend on the latter):
 * the body does not take them.
 */
export const ChangePostInput = z
  .strictObject({
    effectiveOn: calendarDate.describe('Day the post holds the new values from (not in the future, nor before the post\'s latest change)'),
    reason: z.string().trim().min(1).max(1000).describe('Why, e.g. the bureau\'s decision that names the post important or sensitive'),
    sensitive: z.boolean().optional()
      .describe('Whether the post is important or sensitive (重要或敏感岗位) from that day; absent: as it is'),
    rotationPeriodMonths: rotationPeriodMonths.optional()
      .describe('The rotation period from that day; required when `sensitive` is true (becoming or staying sensitive); absent: as it is'),
    title: title.optional().describe('A new title; absent: as it is'),
  })
  .superRefine((change, ctx) => {
    if (change.sensitive === true && change.rotationPeriodMonths === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rotationPeriodMonths'], message: PERIOD_REQUIRED });
    }
    if (change.sensitive === undefined && change.rotationPeriodMonths === undefined && change.title === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name at least one of sensitive, rotationPeriodMonths and title to change' });
    }
  })
  .meta({
    title: 'ChangePostInput',
    description: 'Changes a post from a day on: its sensitivity (重要或敏感岗位), rotation period or title. Its unit and whether it is an enforcement post stay as defined.',
  });
export type ChangePostInput = z.infer<typeof ChangePostInput>;
