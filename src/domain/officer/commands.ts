import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { AssignmentReason, ClientId } from '../shared/codes.js';

// HTTP bodies of the officer writes (../shared/API.md); the routes reuse these schemas.

const text = (max: number) => z.string().trim().min(1).max(max);

export const RegisterOfficerInput = z
  .strictObject({
    officerId: ClientId.describe('The officer\'s id, chosen by the client (e.g. the badge number)'),
    name: text(100).describe('Full name'),
    unitId: ClientId.describe('The registered unit the officer belongs to'),
    hiredOn: calendarDate.describe('Day the officer entered service (YYYY-MM-DD, not in the future)'),
  })
  .meta({ title: 'RegisterOfficerInput', description: 'Registers a law-enforcement officer (执法人员).' });
export type RegisterOfficerInput = z.infer<typeof RegisterOfficerInput>;

export const GrantQualificationInput = z
  .strictObject({
    certificateNo: text(64).describe('Number of the enforcement certificate (执法证号)'),
    grantedOn: calendarDate.describe('Day the qualification was granted (not in the future)'),
  })
  .meta({ title: 'GrantQualificationInput', description: 'Grants (or renews) an enforcement qualification (执法资格).' });
export type GrantQualificationInput = z.infer<typeof GrantQualificationInput>;

export const AssignOfficerInput = z
  .strictObject({
    postId: ClientId.describe('The post the officer takes; any previous post ends the same day'),
    effectiveOn: calendarDate.describe('Day the assignment took effect (not in the future)'),
    reason: AssignmentReason.describe('appointment | rotation (轮岗) | transfer'),
  })
  .meta({ title: 'AssignOfficerInput', description: 'Assigns the officer to a post.' });
export type AssignOfficerInput = z.infer<typeof AssignOfficerInput>;

export const DeferRotationInput = z
  .strictObject({
    until: calendarDate.describe('The new rotation due date: later than the current one'),
    reason: text(1000).describe('Why the rotation is deferred'),
    approvedBy: text(100).describe('Who approved the deferral (not the officer themselves)'),
  })
  .meta({ title: 'DeferRotationInput', description: 'Defers the rotation (轮岗) of an officer on a sensitive post.' });
export type DeferRotationInput = z.infer<typeof DeferRotationInput>;

export const RecordWarningEducationInput = z
  .strictObject({
    attendedOn: calendarDate.describe('Day of the session (not in the future)'),
    topic: text(500).describe('Topic of the warning education (警示教育)'),
  })
  .meta({ title: 'RecordWarningEducationInput', description: 'Records the officer\'s attendance at warning education.' });
export type RecordWarningEducationInput = z.infer<typeof RecordWarningEducationInput>;

export const CompleteOffPostTrainingInput = z
  .strictObject({
    sanctionId: z.string().min(1).max(100).describe('The off-post training sanction being completed'),
    completedOn: calendarDate.describe('Day the training ended: not in the future, nor before the planned end (`untilOn`) of the training in force, as imposed or as a review or appeal decision replaced it (409 `training_before_planned_end`)'),
  })
  .meta({ title: 'CompleteOffPostTrainingInput', description: 'Records that an off-post training (离岗培训) is completed.' });
export type CompleteOffPostTrainingInput = z.infer<typeof CompleteOffPostTrainingInput>;

export const CorrectOfficerInput = z
  .strictObject({
    correctsEventId: z.uuid().describe('Id of the OfficerRegistered event being corrected'),
    reason: text(1000).describe('Why the record was wrong'),
    changes: z
      .strictObject({ name: text(100).optional(), hiredOn: calendarDate.optional(), unitId: ClientId.optional() })
      .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to correct' }),
  })
  .meta({ title: 'CorrectOfficerInput', description: 'Corrects a mistaken registration; the original stays in the log.' });
export type CorrectOfficerInput = z.infer<typeof CorrectOfficerInput>;
