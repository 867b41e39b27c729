import { z } from 'zod';
import { calendarDate, type CalendarDate } from '../shared/calendar.js';
import {
  AppealOutcome, AppealStage, FindingOutcome, InterventionKind, ReportChannel, SanctionCapacity,
  SanctionKind, Severity, ViolationCategory,
} from '../shared/codes.js';

// Stream: `case-<caseId>` (caseId is a uuid the register assigns).

/**
 * The reporter's identity is protected: only those handling the case may see it. The tamper-evidence
 * hash commits to it through a salted digest, so exports can redact it and still verify.
 */
export const Reporter = z.object({
  name: z.string().nullable(),
  contact: z.string().nullable(),
  anonymous: z.boolean(),
  /** Random, so the redacted digest cannot be guessed from a list of likely names. */
  salt: z.string(),
});

export const CaseSubject = z.object({ officerId: z.string(), unitId: z.string() });

export const CaseReported = z.object({
  caseId: z.string(),
  subjects: z.array(CaseSubject).min(1),
  category: ViolationCategory,
  channel: ReportChannel,
  occurredOn: calendarDate,
  summary: z.string(),
  ruleRefs: z.array(z.string()),
  reporter: Reporter.nullable(),
  /**
   * The day the bureau received the report: the day of entry unless the report gave an earlier one
   * (received on paper or by phone and entered later). The day of entry is the bureau's date of the
   * event's recordedAt.
   */
  reportedOn: calendarDate,
});

export const VerificationAssigned = z.object({
  caseId: z.string(),
  inspectorId: z.string(),
  /**
   * The day it was assigned: the day of entry unless an earlier one was given (a case handled on
   * paper and entered later). The day of entry is the bureau's date of the event's recordedAt.
   */
  assignedOn: calendarDate,
  dueOn: calendarDate,
});

export const EvidenceAttached = z.object({
  caseId: z.string(),
  evidenceId: z.string(),
  description: z.string(),
  reference: z.string().nullable(),
  sha256: z.string().nullable(),
});

/** An early intervention (约谈 / 函询) for early signs, instead of a sanction. */
export const InterventionHeld = z.object({
  caseId: z.string(),
  officerId: z.string(),
  kind: InterventionKind,
  heldOn: calendarDate,
});

export const FindingRecorded = z.object({
  caseId: z.string(),
  /** The subjects the finding applies to (all subjects unless the inspector named some). */
  officerIds: z.array(z.string()).min(1),
  outcome: FindingOutcome,
  severity: Severity.nullable(),
  summary: z.string(),
  /** The day the register recorded it (the day it was entered). */
  recordedOn: calendarDate,
  /**
   * The day the finding was made (认定日期): the day entered unless an earlier one was given (a case
   * handled on paper and entered later). Added later: absent means the day recorded (`findingDay`).
   */
  foundOn: calendarDate.nullable().default(null),
  /**
   * Made after the verification's due date (judged on the day it was made, not the day it was
   * entered), or still pending when the verification was reassigned after its due date: late
   * handling is itself a breach.
   */
  late: z.boolean(),
});

/** The day a finding was made: its `foundOn`, or for a finding recorded before that was kept, the day recorded. */
export function findingDay(finding: { readonly foundOn?: CalendarDate | null | undefined; readonly recordedOn: CalendarDate }): CalendarDate {
  return finding.foundOn ?? finding.recordedOn;
}

/** 四必究 bj-1 / bj-2: a substantiated breach makes the officer and the unit's head accountable. */
export const AccountabilityFlagged = z.object({
  caseId: z.string(),
  officerId: z.string(),
  unitId: z.string(),
  level: z.enum(['officer', 'unit_head']),
  /** For `unit_head`: the head at the time, or null when the unit has none on record. */
  headOfficerId: z.string().nullable(),
  ruleRef: z.enum(['bj-1', 'bj-2']),
  flaggedOn: calendarDate,
});

export const SanctionImposed = z.object({
  caseId: z.string(),
  sanctionId: z.string(),
  officerId: z.string(),
  kind: SanctionKind,
  capacity: SanctionCapacity,
  effectiveOn: calendarDate,
  basis: z.string(),
  untilOn: calendarDate.nullable(),
  toPostId: z.string().nullable(),
  /**
   * The day the register recorded it (added later: absent means null, i.e. not known). A sanction may
   * be recorded after its effective date; the review window counts from the later of the two.
   */
  recordedOn: calendarDate.nullable().default(null),
});

export const AppealFiled = z.object({
  caseId: z.string(),
  appealId: z.string(),
  sanctionId: z.string(),
  stage: AppealStage,
  filedOn: calendarDate,
});

export const AppealDecided = z.object({
  caseId: z.string(),
  appealId: z.string(),
  sanctionId: z.string(),
  outcome: AppealOutcome,
  decidedOn: calendarDate,
  replacementKind: SanctionKind.nullable(),
  /** The non-enforcement post of a replacement `reassignment` (added later: absent means null). */
  toPostId: z.string().nullable().default(null),
  /** The end of a replacement `off_post_training` (added later: absent means null). */
  untilOn: calendarDate.nullable().default(null),
  /**
   * The day the register recorded it (added later: absent means null, i.e. not known). A review
   * decision may be recorded after it was taken; the appeal window counts from the later of the two.
   */
  recordedOn: calendarDate.nullable().default(null),
});

export const CaseClosed = z.object({
  caseId: z.string(),
  summary: z.string(),
  /**
   * The day the case was closed: the day of entry unless an earlier one was given (a case handled on
   * paper and entered later). The day of entry is the bureau's date of the event's recordedAt.
   */
  closedOn: calendarDate,
});

/** Corrects a mistaken entry of the report; the corrected event stays in the log. */
export const CaseRecordCorrected = z.object({
  caseId: z.string(),
  correctsEventId: z.string().uuid(),
  reason: z.string(),
  changes: z.object({
    category: ViolationCategory.optional(),
    channel: ReportChannel.optional(),
    occurredOn: calendarDate.optional(),
    summary: z.string().optional(),
    ruleRefs: z.array(z.string()).optional(),
    /** Subjects recorded in the wrong unit, each with the unit of the breach (only before a finding names them). */
    subjectUnits: z.array(CaseSubject).optional(),
  }),
});

export const caseEventSchemas = {
  CaseReported, VerificationAssigned, EvidenceAttached, InterventionHeld, FindingRecorded,
  AccountabilityFlagged, SanctionImposed, AppealFiled, AppealDecided, CaseClosed, CaseRecordCorrected,
} as const;
