import { dayInBureau } from '../format.js';
import type { Lang } from '../i18n/index.js';
import { nameWithId } from '../i18n/punctuation.js';

// The shapes the pages read. Fields the contract names are required; the rest are what the
// projections add and are read defensively (a page shows what is there).

export interface CaseSubject {
  officerId: string;
  unitId?: string;
  name?: string | null;
}

export interface CaseSummary {
  caseId: string;
  status: string;
  category: string;
  channel: string;
  occurredOn?: string;
  /** The day the bureau received the report. */
  reportedOn?: string;
  /** The day it was entered in the register (later than reportedOn when entered late). */
  enteredOn?: string;
  summary?: string;
  subjects?: CaseSubject[];
  officerIds?: string[];
  inspectorId?: string | null;
  dueOn?: string | null;
  late?: boolean;
  overdue?: boolean;
}

export interface TimelineEntry {
  type: string;
  data?: Record<string, unknown>;
  recordedAt?: string;
  recordedBy?: string;
  actor?: string;
  /** The day the step took effect; null (from the register) for a step that has none. */
  on?: string | null;
  position?: string;
  eventId?: string;
}

export interface SanctionView {
  sanctionId: string;
  officerId: string;
  kind: string;
  capacity?: string;
  effectiveOn?: string;
  basis?: string;
  untilOn?: string | null;
  toPostId?: string | null;
  /** in_force, reduced (kind is then the replacement) or annulled on review or appeal. */
  status?: string;
  /** The kind first imposed (kind is the one in force). */
  imposedKind?: string;
  imposedUntilOn?: string | null;
  imposedToPostId?: string | null;
  /** The day of the decision that reduced or annulled it. */
  revisedOn?: string | null;
  replacementKind?: string | null;
}

export interface AppealView {
  appealId: string;
  sanctionId: string;
  stage: string;
  filedOn?: string;
  outcome?: string | null;
  decidedOn?: string | null;
  replacementKind?: string | null;
}

/** Who recorded a part of a case and when (the case register keeps it on every part). */
export interface Recorded {
  position?: string;
  recordedAt?: string;
  recordedBy?: string;
}

export interface CaseDetail extends CaseSummary {
  ruleRefs?: string[];
  /** The subjects with no finding yet. */
  awaitingFinding?: string[];
  reporter?: { name: string | null; contact: string | null; anonymous: boolean } | null;
  reported?: Recorded;
  verifications?: ({ inspectorId: string; assignedOn: string; dueOn: string } & Recorded)[];
  evidence?: ({ evidenceId: string; description: string; reference?: string | null; sha256?: string | null } & Recorded)[];
  interventions?: ({ officerId: string; kind: string; heldOn: string } & Recorded)[];
  /** recordedOn: the day entered; foundOn: the day made (earlier for a case handled on paper). */
  findings?: ({ officerIds?: string[]; outcome: string; severity?: string | null; summary?: string; recordedOn?: string; foundOn?: string; late?: boolean } & Recorded)[];
  accountability?: ({ officerId: string; unitId: string; level: string; headOfficerId: string | null; ruleRef: string; flaggedOn: string } & Recorded)[];
  sanctions?: (SanctionView & Recorded)[];
  appeals?: (AppealView & Recorded & { decision?: Recorded | null })[];
  closure?: ({ summary: string; closedOn: string } & Recorded) | null;
  corrections?: ({ correctsEventId: string; reason: string; changes: Record<string, unknown> } & Recorded)[];
  /** The story as the register tells it (each step with who recorded it and when). */
  timeline?: TimelineEntry[];
  /**
   * Whether the case concerns the signed-in user (a subject, sanctioned or held accountable in it,
   * or the head of a subject's unit on the day of the breach): the register refuses their writes to it.
   */
  concernsYou?: boolean;
}

/**
 * The case's whole story in log order, from the parts the case register keeps: each part says
 * who recorded it and when, so nothing needs a second read.
 */
export function caseStory(c: CaseDetail): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (type: string, part: Recorded | null | undefined, data: object, on?: string | null) => {
    if (!part) return;
    entries.push({ type, data: data as Record<string, unknown>, position: part.position, recordedAt: part.recordedAt, recordedBy: part.recordedBy, on: on ?? undefined });
  };
  add('CaseReported', c.reported, {
    category: c.category, channel: c.channel, occurredOn: c.occurredOn, summary: c.summary,
    subjects: c.subjects ?? (c.officerIds ?? []).map((officerId) => ({ officerId })),
  }, c.reportedOn);
  for (const v of c.verifications ?? []) add('VerificationAssigned', v, v, v.assignedOn);
  for (const e of c.evidence ?? []) add('EvidenceAttached', e, e);
  for (const i of c.interventions ?? []) add('InterventionHeld', i, i, i.heldOn);
  for (const f of c.findings ?? []) add('FindingRecorded', f, f, f.foundOn ?? f.recordedOn);
  for (const a of c.accountability ?? []) add('AccountabilityFlagged', a, a, a.flaggedOn);
  for (const s of c.sanctions ?? []) {
    // As imposed: a review or appeal that changed it is its own step.
    add('SanctionImposed', s, {
      ...s, kind: s.imposedKind ?? s.kind, untilOn: s.imposedUntilOn !== undefined ? s.imposedUntilOn : s.untilOn,
      toPostId: s.imposedToPostId !== undefined ? s.imposedToPostId : s.toPostId,
    }, s.effectiveOn);
  }
  for (const a of c.appeals ?? []) {
    add('AppealFiled', a, a, a.filedOn);
    if (a.outcome) add('AppealDecided', a.decision ?? a, a, a.decidedOn);
  }
  add('CaseClosed', c.closure, c.closure ?? {}, c.closure?.closedOn);
  for (const k of c.corrections ?? []) add('CaseRecordCorrected', k, k);
  const key = (e: TimelineEntry) => (e.position ? BigInt(e.position) : 0n);
  return entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The day a step of a story is told under, a calendar date: the day it took effect (the report, a
 * hearing, a sanction's effective day), or, for a step that has none (evidence attached, a record
 * corrected), the bureau's day it was recorded on. The instant it was recorded is told beside it.
 */
export function storyDay(entry: Pick<TimelineEntry, 'on' | 'recordedAt'>, zone?: string): string | null {
  return entry.on || dayInBureau(entry.recordedAt, zone);
}

export interface RotationItem {
  officerId: string;
  postId: string;
  unitId: string;
  since: string;
  dueOn: string;
  status: 'overdue' | 'due_soon' | 'ok';
  deferredUntil: string | null;
  /** The latest day of warning education attended; null: none on record. */
  lastWarningEducationOn?: string | null;
  /** In off-post training (离岗培训) since this day: no assignment moves them until it is completed; null: in none. */
  offPostTrainingSince?: string | null;
  /** Its planned end; null: in none, or none set. */
  offPostTrainingUntil?: string | null;
  officerName?: string;
  postTitle?: string;
  unitName?: string | null;
}

/** An officer on the roster (GET /api/v1/officers), as they stand now. */
export interface RosterOfficer {
  officerId: string;
  name: string;
  unitId: string;
  unitName: string | null;
  hiredOn: string;
  inService: boolean;
  separation: { kind: 'dismissal' | 'expulsion'; effectiveOn: string } | null;
  qualified: boolean;
  certificateNo: string | null;
  qualifiedSince: string | null;
  qualificationRevokedOn: string | null;
  postId: string | null;
  postTitle: string | null;
  postSince: string | null;
  enforcementPost: boolean | null;
  sensitivePost: boolean | null;
  rotationDueOn: string | null;
  offPostTrainingSince: string | null;
  offPostTrainingUntil: string | null;
  sanctions: { sanctionId: string; caseId: string; kind: string; capacity: string; effectiveOn: string }[];
  lastWarningEducationOn: string | null;
}

export interface Statistics {
  from?: string;
  to?: string;
  /** The unit counted; null (or absent): the whole bureau. */
  unitId?: string | null;
  /** Every category, channel and sanction kind, zero included (as every list of codes below). */
  byCategory?: Record<string, number>;
  byChannel?: Record<string, number>;
  /** Every unit registered, zero included (with unitId: that unit). */
  byUnit?: Record<string, number>;
  /** Cases by the rule cited (八不准、六严禁、四必究), every rule listed. */
  byRule?: Record<string, number>;
  bySanctionKind?: Record<string, number>;
  unitNames?: Record<string, string>;
  cases?: { total: number };
  sanctions?: { total: number };
  findings?: { total: number; byOutcome: Record<string, number> };
  interventions?: { total: number; byKind: Record<string, number> };
  [key: string]: unknown;
}

/** One line of the audit stream (NDJSON). */
export interface AuditEvent {
  position: string;
  streamName?: string;
  stream?: string;
  revision?: string;
  /** Absent on the line of an event the store cannot read (`unreadable` says why). */
  type?: string;
  /** The line stands for an event the store holds but cannot read: what cannot be read. */
  unreadable?: string;
  id?: string;
  eventId?: string;
  data?: unknown;
  metadata?: Record<string, unknown>;
  recordedAt?: string;
  created?: string;
}

export function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const key of ['items', ...keys]) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

export function subjectIds(c: CaseSummary): string[] {
  return c.subjects?.map((s) => s.officerId) ?? c.officerIds ?? [];
}

/** `张三（A001）` (`Zhang San (A001)` in English), or the id alone when the register has no name for it. */
export function subjectNames(c: CaseSummary, lang: Lang): string[] {
  return c.subjects?.map((s) => nameWithId(s.name, s.officerId, lang)) ?? c.officerIds ?? [];
}

/** A page of a list read: its items, the total, and the cursor of the next page (null at the end). */
export interface ListPage<T> {
  items: T[];
  total?: number;
  nextCursor?: string | null;
}
