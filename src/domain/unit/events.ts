import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';

// Stream: `unit-<unitId>`.

export const UnitRegistered = z.object({
  unitId: z.string(),
  name: z.string(),
  headOfficerId: z.string().nullable(),
});

export const UnitHeadAppointed = z.object({
  unitId: z.string(),
  officerId: z.string(),
  effectiveOn: calendarDate,
});

export const unitEventSchemas = { UnitRegistered, UnitHeadAppointed } as const;
