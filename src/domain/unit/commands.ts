import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { ClientId } from '../shared/codes.js';

// HTTP bodies of the unit writes (../shared/API.md); the routes reuse these schemas.

export const RegisterUnitInput = z
  .strictObject({
    unitId: ClientId.describe('The unit\'s id, chosen by the client'),
    name: z.string().trim().min(1).max(200).describe('The unit\'s name, e.g. 县交通运输综合行政执法大队'),
    headOfficerId: ClientId.nullish().describe('The unit\'s head (单位负责人), when known; may be registered later'),
  })
  .meta({ title: 'RegisterUnitInput', description: 'Registers a unit of the bureau (局属单位).' });
export type RegisterUnitInput = z.infer<typeof RegisterUnitInput>;

export const AppointUnitHeadInput = z
  .strictObject({
    officerId: ClientId.describe('The new head of the unit: a registered officer in service'),
    effectiveOn: calendarDate.describe('The day the appointment took effect (YYYY-MM-DD, not in the future)'),
  })
  .meta({ title: 'AppointUnitHeadInput', description: 'Names the unit\'s new head (单位负责人).' });
export type AppointUnitHeadInput = z.infer<typeof AppointUnitHeadInput>;
