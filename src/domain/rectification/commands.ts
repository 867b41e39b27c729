import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import { ClientId } from '../shared/codes.js';

// HTTP bodies of the writes to the rectification ledger (整改台账): routes beyond ../shared/API.md,
// documented in the README and the OpenAPI document. The routes reuse these schemas.

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Where a problem on the ledger came from: the unit's self-inspection (自查自纠), the bureau's
 * inspections (督查、明查暗访), a case of the register, the public's opinions and appraisals
 * (群众意见、民主评议、满意度测评), the hazard review (隐患排查), or elsewhere.
 */
export const rectificationSources = ['self_inspection', 'inspection', 'case', 'public_opinion', 'hazard_review', 'other'] as const;
export const RectificationSource = z.enum(rectificationSources);
export type RectificationSource = z.infer<typeof RectificationSource>;

export const verificationOutcomes = ['accepted', 'rejected'] as const;
export const VerificationOutcome = z.enum(verificationOutcomes);
export type VerificationOutcome = z.infer<typeof VerificationOutcome>;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** A case id as the register gave it (a uuid; in capitals it names the same case). */
const CaseId = z.string().regex(UUID, 'must be a case id (a uuid the register assigned)').transform((id) => id.toLowerCase());

export const CASE_ID_REQUIRED = 'required when the source is case';
export const DUE_ON_REQUIRED = 'required when the outcome is rejected';
export const DUE_ON_ONLY_WHEN_REJECTED = 'only a rejected rectification is given a new deadline';

export const RecordRectificationInput = z
  .strictObject({
    unitId: ClientId.describe('The registered unit whose ledger the item is on'),
    problem: text(2000).describe('The problem found (问题)'),
    source: RectificationSource.describe('Where it was found: self_inspection (自查自纠) | inspection (督查检查) | case | public_opinion (群众意见) | hazard_review (隐患排查) | other'),
    caseId: CaseId.nullish().describe('The case of the register the problem came from; required when `source` is case'),
    measure: text(2000).describe('The rectification measure (整改措施)'),
    responsibleDepartment: text(200).describe('The department responsible (责任部门)'),
    responsiblePerson: text(100).describe('The person responsible (责任人), by name'),
    responsibleOfficerId: ClientId.nullish().describe('The responsible person\'s officer id, when they are a registered officer in service'),
    foundOn: calendarDate.describe('Day the problem was found (not in the future)'),
    dueOn: calendarDate.describe('The deadline (整改时限): not before foundOn'),
  })
  .superRefine((item, ctx) => {
    if (item.source === 'case' && (item.caseId === undefined || item.caseId === null)) {
      ctx.addIssue({ code: 'custom', path: ['caseId'], message: CASE_ID_REQUIRED });
    }
  })
  .meta({ title: 'RecordRectificationInput', description: 'Puts a problem on a unit\'s rectification ledger (整改台账), with its measure, who answers for it and by when.' });
export type RecordRectificationInput = z.infer<typeof RecordRectificationInput>;

export const NoteRectificationProgressInput = z
  .strictObject({
    notedOn: calendarDate.describe('Day of the progress noted (not in the future, nor before the item\'s earlier progress)'),
    note: text(2000).describe('What has been done so far'),
  })
  .meta({ title: 'NoteRectificationProgressInput', description: 'Notes the progress of an open item (整改进展).' });
export type NoteRectificationProgressInput = z.infer<typeof NoteRectificationProgressInput>;

export const ExtendRectificationDeadlineInput = z
  .strictObject({
    dueOn: calendarDate.describe('The new deadline: later than the one in force, and not before approvedOn'),
    reason: text(1000).describe('Why more time is given'),
    approvedBy: text(100).describe('Who approved the extension (not the person responsible)'),
    approvedOn: calendarDate.describe('Day the extension was approved (not in the future)'),
  })
  .meta({
    title: 'ExtendRectificationDeadlineInput',
    description: 'Gives an open item a later deadline. An extension approved after the deadline had passed does not undo that: the item stays late.',
  });
export type ExtendRectificationDeadlineInput = z.infer<typeof ExtendRectificationDeadlineInput>;

export const CompleteRectificationInput = z
  .strictObject({
    completedOn: calendarDate.describe('Day the rectification was done (not in the future); after the deadline it is late'),
    summary: text(2000).describe('What was done (整改情况)'),
  })
  .meta({ title: 'CompleteRectificationInput', description: 'Records that an item was rectified (整改完成).' });
export type CompleteRectificationInput = z.infer<typeof CompleteRectificationInput>;

export const VerifyRectificationInput = z
  .strictObject({
    verifiedOn: calendarDate.describe('Day of the check (not in the future, nor before the completion)'),
    outcome: VerificationOutcome.describe('accepted (验收通过) | rejected (整改不到位: the item is open again, with a new deadline)'),
    note: text(2000).describe('What the check found'),
    dueOn: calendarDate.nullish().describe('The deadline of the renewed rectification (再整治); required when rejected, not given when accepted'),
  })
  .superRefine((check, ctx) => {
    const hasDue = check.dueOn !== undefined && check.dueOn !== null;
    if (check.outcome === 'rejected' && !hasDue) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: DUE_ON_REQUIRED });
    if (check.outcome === 'accepted' && hasDue) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: DUE_ON_ONLY_WHEN_REJECTED });
  })
  .meta({
    title: 'VerifyRectificationInput',
    description: 'An inspector checks a completed item (整改验收): accepted, or rejected and open again for a renewed rectification by a new deadline.',
  });
export type VerifyRectificationInput = z.infer<typeof VerifyRectificationInput>;
