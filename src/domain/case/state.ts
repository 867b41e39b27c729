import type { z } from 'zod';
import type { CalendarDate } from '../shared/calendar.js';
import type {
  AppealOutcome, AppealStage, FindingOutcome, InterventionKind, ReportChannel, SanctionCapacity, SanctionKind, Severity,
  ViolationCategory,
} from '../shared/codes.js';
import type { CaseSubject, Reporter } from './events.js';

// A case (案件): a reported violation against one or more officers, through verification,
// findings, sanctions and appeals to its closure.

export interface CaseFinding {
  officerId: string;
  outcome: FindingOutcome;
  severity: Severity | null;
  summary: string;
  /** The day it was entered in the register. */
  recordedOn: CalendarDate;
  /** The day it was made (the day recorded, for findings recorded before this was kept): it bounds sanctions and decides lateness. */
  foundOn: CalendarDate;
  late: boolean;
}

export interface SanctionRevision {
  appealId: string;
  outcome: 'reduced' | 'annulled';
  replacementKind: SanctionKind | null;
  decidedOn: CalendarDate;
  toPostId: string | null;
  untilOn: CalendarDate | null;
}

export interface CaseSanction {
  sanctionId: string;
  officerId: string;
  /** The kind as imposed. */
  imposedKind: SanctionKind;
  /** The kind in force: the imposed one, or the lighter one an appeal replaced it with. */
  kind: SanctionKind;
  capacity: SanctionCapacity;
  /** When the sanction took effect: the review window counts from here, or from `recordedOn` if later. */
  effectiveOn: CalendarDate;
  /** The day the register recorded it; null for sanctions recorded before this was kept. */
  recordedOn: CalendarDate | null;
  basis: string;
  /** As imposed (a replacement's own parameters are in its revision). */
  untilOn: CalendarDate | null;
  toPostId: string | null;
  /** A sanction stays in force while it is under review or appeal; only a decision changes it. */
  status: 'in_force' | 'annulled';
  revisions: SanctionRevision[];
}

export interface CaseAppeal {
  appealId: string;
  sanctionId: string;
  stage: AppealStage;
  filedOn: CalendarDate;
  decision: {
    outcome: AppealOutcome;
    decidedOn: CalendarDate;
    replacementKind: SanctionKind | null;
    toPostId: string | null;
    untilOn: CalendarDate | null;
    /** The day the register recorded the decision; null for decisions recorded before this was kept. */
    recordedOn: CalendarDate | null;
  } | null;
}

export interface CaseFile {
  exists: true;
  caseId: string;
  status: 'open' | 'closed';
  subjects: z.infer<typeof CaseSubject>[];
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  summary: string;
  ruleRefs: string[];
  reporter: z.infer<typeof Reporter> | null;
  /** The day the bureau received the report (not necessarily the day it was entered in the register). */
  reportedOn: CalendarDate;
  /** The id of the CaseReported event: the only event a correction may name. */
  reportEventId: string | null;
  verification: { inspectorId: string; assignedOn: CalendarDate; dueOn: CalendarDate } | null;
  /**
   * The verification was (re)assigned after its due date had passed while subjects still awaited a
   * finding: their findings are late whatever the new due date says.
   */
  deadlineMissed: boolean;
  evidence: { evidenceId: string; description: string; reference: string | null; sha256: string | null }[];
  interventions: { officerId: string; kind: InterventionKind; heldOn: CalendarDate }[];
  /** By officer id: one finding per subject. */
  findings: Record<string, CaseFinding>;
  /** A finding came after the verification's due date. */
  late: boolean;
  accountability: { officerId: string; unitId: string; level: 'officer' | 'unit_head'; headOfficerId: string | null; ruleRef: string }[];
  sanctions: Record<string, CaseSanction>;
  appeals: Record<string, CaseAppeal>;
  closure: { closedOn: CalendarDate; summary: string } | null;
  corrections: { correctsEventId: string; reason: string }[];
}

export type CaseState = { exists: false } | CaseFile;

export const initialCaseState: CaseState = { exists: false };

export function isSubject(caseFile: CaseFile, officerId: string): boolean {
  return caseFile.subjects.some((s) => s.officerId === officerId);
}

/** Findings that open the door to sanctions: substantiated or partly substantiated. */
export function substantiatedFindings(caseFile: CaseFile): CaseFinding[] {
  return Object.values(caseFile.findings).filter((f) => f.outcome !== 'unfounded');
}

export function openAppealOf(caseFile: CaseFile, sanctionId: string): CaseAppeal | undefined {
  return Object.values(caseFile.appeals).find((a) => a.sanctionId === sanctionId && a.decision === null);
}
