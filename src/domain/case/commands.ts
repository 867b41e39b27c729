import { z } from 'zod';
import { calendarDate } from '../shared/calendar.js';
import {
  AppealOutcome, AppealStage, ClientId, FindingOutcome, InterventionKind, ReportChannel, SanctionCapacity, SanctionKind,
  Severity, ViolationCategory,
} from '../shared/codes.js';
import { RuleReferenceCode } from '../shared/rule-references.js';

// HTTP bodies of the case writes (../shared/API.md); the routes reuse these schemas. Conditional
// requirements the contract states ("required unless unfounded", "untilOn (training)") are checked
// here, so a body that breaks them is a 400 naming the field.

const text = (max: number) => z.string().trim().min(1).max(max);
const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

export const ReporterInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).nullish().describe('Reporter\'s name; omitted for an anonymous report'),
    contact: z.string().trim().min(1).max(200).nullish().describe('How to reach the reporter for feedback'),
    anonymous: z.boolean().optional().describe('Anonymous report (匿名); defaults to true when no name is given'),
  })
  .superRefine((reporter, ctx) => {
    if (reporter.anonymous === true && reporter.name) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'an anonymous report carries no name' });
    }
  })
  .describe('Who reported it: protected, shown only to those handling the case');

export const ReportCaseInput = z
  .strictObject({
    officerIds: z.array(ClientId).min(1).max(50).refine(unique, { message: 'must not repeat an officer' })
      .describe('The officers the report is about (被反映人), at least one'),
    category: ViolationCategory.describe('One of the five problem areas'),
    channel: ReportChannel.describe('Where the report came from'),
    occurredOn: calendarDate.describe('When it happened (YYYY-MM-DD, not in the future)'),
    reportedOn: calendarDate.nullish()
      .describe('The day the bureau received the report (受理日期: on paper, by the 12328 hotline, …), when it is entered later; default today. Not in the future, not before occurredOn. The day it is entered is kept too (enteredOn in the reads), so a delay shows'),
    summary: text(4000).describe('What happened'),
    ruleRefs: z.array(RuleReferenceCode).max(20).refine(unique, { message: 'must not repeat a rule' }).optional()
      .describe('Province rules cited (八不准 bbz-*, 六严禁 lyj-*, 四必究 bj-*)'),
    reporter: ReporterInput.nullish(),
  })
  .meta({ title: 'ReportCaseInput', description: 'Reports a violation against one or more officers; answers the new case id.' });
export type ReportCaseInput = z.infer<typeof ReportCaseInput>;

export const AssignVerificationInput = z
  .strictObject({
    inspectorId: z.string().trim().min(1).max(128).describe('The inspector who verifies (核实) the case (a user or officer id); not a subject, nor an officer who has left service'),
    assignedOn: calendarDate.nullish()
      .describe('The day the verification was assigned (交办日期), when it is entered later (a case handled on paper); default today. Not in the future, not before the report was received (reportedOn); a handover not before the current assignment nor a finding already made. The deadline counts from it. The day it is entered is kept too (the event\'s recordedAt)'),
    dueOn: calendarDate.nullish()
      .describe('Verification deadline, at most a year after assignment; default 30 days after assignment (a handover keeps the current deadline). Findings pending when a verification is reassigned after its deadline stay late'),
  })
  .meta({ title: 'AssignVerificationInput', description: 'Assigns (or hands over) the verification of a case.' });
export type AssignVerificationInput = z.infer<typeof AssignVerificationInput>;

export const AttachEvidenceInput = z
  .strictObject({
    description: text(2000).describe('What the evidence is'),
    reference: z.string().trim().min(1).max(500).nullish().describe('Where it is kept (file number, archive location, URL)'),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters').nullish()
      .describe('SHA-256 of the evidence file, so it can be checked later'),
  })
  .meta({ title: 'AttachEvidenceInput', description: 'Attaches evidence to a case; answers the evidence id.' });
export type AttachEvidenceInput = z.infer<typeof AttachEvidenceInput>;

export const RecordInterventionInput = z
  .strictObject({
    officerId: ClientId.describe('The subject the intervention was held with'),
    kind: InterventionKind.describe('reminder_talk (约谈) | written_inquiry (函询)'),
    heldOn: calendarDate.describe('When it was held (not in the future)'),
  })
  .meta({ title: 'RecordInterventionInput', description: 'Records an early intervention for early signs (苗头性、倾向性问题).' });
export type RecordInterventionInput = z.infer<typeof RecordInterventionInput>;

export const RecordFindingInput = z
  .strictObject({
    outcome: FindingOutcome.describe('substantiated (属实) | partly_substantiated (部分属实) | unfounded (不属实)'),
    severity: Severity.nullish().describe('minor | serious | criminal; required unless unfounded'),
    summary: text(4000).describe('What the verification established'),
    officerIds: z.array(ClientId).min(1).max(50).refine(unique, { message: 'must not repeat an officer' }).optional()
      .describe('The subjects this finding is about; default: every subject without a finding yet'),
    foundOn: calendarDate.nullish()
      .describe('The day the finding was made (认定日期), when it is entered later (a case handled on paper); default today. Not in the future, not before the verification\'s current assignment. Whether it is late is judged on this day against the due date, and sanctions may take effect from it; accountability (bj-1, bj-2) is flagged on it. The day it is entered is kept too (recordedOn)'),
  })
  .superRefine((finding, ctx) => {
    const hasSeverity = finding.severity !== undefined && finding.severity !== null;
    if (finding.outcome !== 'unfounded' && !hasSeverity) {
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'required unless the outcome is unfounded' });
    }
    if (finding.outcome === 'unfounded' && hasSeverity) {
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'an unfounded finding has no severity' });
    }
  })
  .meta({ title: 'RecordFindingInput', description: 'Records the finding of the verification.' });
export type RecordFindingInput = z.infer<typeof RecordFindingInput>;

export const ImposeSanctionInput = z
  .strictObject({
    officerId: ClientId.describe('The officer sanctioned: a subject, or (capacity unit_head / responsible) another officer'),
    kind: SanctionKind.describe('Must fit the severity found'),
    effectiveOn: calendarDate.describe('When it took effect (not in the future, not before the report, the finding or the officer\'s hiring; for a reassignment, loss of qualification, dismissal or expulsion not before the officer\'s current post began, or without one the day they left the last); the review window counts from here, or from the day it is recorded if later'),
    basis: text(2000).describe('The grounds: facts found and rules applied'),
    capacity: SanctionCapacity.default('subject').describe('subject (default) | unit_head | responsible'),
    untilOn: calendarDate.nullish().describe('off_post_training only: its planned end; without it the training lasts until its completion is recorded'),
    toPostId: ClientId.nullish().describe('reassignment only: the non-enforcement post to move to; without it the officer leaves an enforcement post they hold and HR assigns the next post'),
  })
  .superRefine((sanction, ctx) => requireKindParameters(sanction.kind, sanction, ctx))
  .meta({ title: 'ImposeSanctionInput', description: 'Imposes a sanction on an officer; answers the sanction id.' });
export type ImposeSanctionInput = z.infer<typeof ImposeSanctionInput>;

export const FileAppealInput = z
  .strictObject({
    sanctionId: z.string().trim().min(1).max(100).describe('The sanction of this case being appealed'),
    stage: AppealStage.describe('review (复核, within 30 days of the sanction) | appeal (申诉, within 15 days of the review decision); each counted from the later of the date and the day it was recorded'),
    filedOn: calendarDate.describe('When it was filed (not in the future)'),
  })
  .meta({ title: 'FileAppealInput', description: 'Files a review or an appeal of a sanction; answers the appeal id.' });
export type FileAppealInput = z.infer<typeof FileAppealInput>;

export const DecideAppealInput = z
  .strictObject({
    outcome: AppealOutcome.describe('upheld | reduced (to a lighter kind) | annulled'),
    decidedOn: calendarDate.describe('When it was decided (not in the future)'),
    replacementKind: SanctionKind.nullish().describe('The lighter kind in force from now on; required when reduced'),
    toPostId: ClientId.nullish().describe('A replacement reassignment only (optional, as for a sanction): the non-enforcement post'),
    untilOn: calendarDate.nullish().describe('A replacement off-post training only (optional, as for a sanction): its planned end'),
  })
  .superRefine((decision, ctx) => {
    const hasReplacement = decision.replacementKind !== undefined && decision.replacementKind !== null;
    if (decision.outcome === 'reduced' && !hasReplacement) {
      ctx.addIssue({ code: 'custom', path: ['replacementKind'], message: 'required when the outcome is reduced' });
    }
    if (decision.outcome !== 'reduced' && hasReplacement) {
      ctx.addIssue({ code: 'custom', path: ['replacementKind'], message: 'only a reduced sanction has a replacement kind' });
    }
    requireKindParameters(decision.replacementKind ?? null, decision, ctx);
  })
  .meta({ title: 'DecideAppealInput', description: 'Decides a review or an appeal: never harsher than the sanction.' });
export type DecideAppealInput = z.infer<typeof DecideAppealInput>;

export const CloseCaseInput = z
  .strictObject({
    summary: text(4000).describe('How the case ended'),
    closedOn: calendarDate.nullish()
      .describe('The day the case was closed (办结日期), when it is entered later (a case handled on paper); default today. Not in the future, nor before the latest dated act of the case: the report received, the verification\'s assignment, an intervention held, a finding made or a sanction taking effect (reviews and appeals may follow a closure). The day it is entered is kept too (the event\'s recordedAt)'),
  })
  .meta({ title: 'CloseCaseInput', description: 'Closes the case (办结) once every subject has a finding, or was met with a reminder talk or written inquiry for early signs (409 `findings_incomplete` otherwise); appeals on its sanctions stay possible.' });
export type CloseCaseInput = z.infer<typeof CloseCaseInput>;

export const CorrectCaseInput = z
  .strictObject({
    correctsEventId: z.uuid().describe('Id of the CaseReported event being corrected'),
    reason: text(1000).describe('Why the record was wrong'),
    changes: z
      .strictObject({
        category: ViolationCategory.optional(),
        channel: ReportChannel.optional(),
        occurredOn: calendarDate.optional(),
        summary: text(4000).optional(),
        ruleRefs: z.array(RuleReferenceCode).max(20).refine(unique, { message: 'must not repeat a rule' }).optional(),
        subjectUnits: z.array(z.strictObject({ officerId: ClientId, unitId: ClientId })).min(1).max(50)
          .refine((units) => unique(units.map((u) => u.officerId)), { message: 'must not repeat an officer' }).optional()
          .describe('Subjects recorded in the wrong unit, each with the unit they worked in on the day of the breach (allowed until a finding names the subject)'),
      })
      .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to correct' }),
  })
  .meta({ title: 'CorrectCaseInput', description: 'Corrects a mistaken entry of the report; the original stays in the log.' });
export type CorrectCaseInput = z.infer<typeof CorrectCaseInput>;

/**
 * `untilOn` belongs to an off-post training and `toPostId` to a reassignment, and only to them. Both
 * are optional (API.md marks neither required, and a decision's body names neither): a training
 * without an end lasts until its completion is recorded; a reassignment without a post moves the
 * officer off the enforcement post they hold, and HR assigns the next post.
 */
function requireKindParameters(
  kind: z.infer<typeof SanctionKind> | null,
  body: { untilOn?: string | null | undefined; toPostId?: string | null | undefined },
  ctx: z.RefinementCtx,
): void {
  const hasUntil = body.untilOn !== undefined && body.untilOn !== null;
  const hasPost = body.toPostId !== undefined && body.toPostId !== null;
  if (kind !== 'off_post_training' && hasUntil) ctx.addIssue({ code: 'custom', path: ['untilOn'], message: 'only for off_post_training' });
  if (kind !== 'reassignment' && hasPost) ctx.addIssue({ code: 'custom', path: ['toPostId'], message: 'only for reassignment' });
}
