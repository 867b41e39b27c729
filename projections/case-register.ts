import { caseEventSchemas, findingDay } from '../src/domain/case/events.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type {
  AppealOutcome, AppealStage, FindingOutcome, InterventionKind, ReportChannel, SanctionCapacity, SanctionKind,
  Severity, ViolationCategory,
} from '../src/domain/shared/codes.js';
import { takesOutOfForce } from '../src/domain/shared/appeal-outcome.js';
import { withUnits, type SubjectUnit } from '../src/domain/case/subject-units.js';
import type { ProjectedEvent } from './projected-event.js';
import { put, type Change, type Projection } from './projection.js';
import { deadlineMissedBy } from '../src/domain/case/deadline-missed.js';
import { effectiveDayOf } from './effective-day.js';
import type { EventType } from '../src/domain/event-catalogue.js';

// Case register (案件台账): every case with its status, category, channel, subjects, inspector, due
// date and whether it was handled late. The read model keeps that much of each case (`CaseRow`), to
// list, filter and count cases; the whole case, with everything recorded under it (`CaseRecord`),
// is the fold of its own stream (`foldCase`), made when the case is opened. The reporter's identity
// is in the whole case (without its salt) for those allowed to see it, never in the row. Whether a
// verification is overdue depends on today: it is computed when the register is read.
//
// Status, in the row and the whole case alike (the first that applies):
//   under_appeal        a review or appeal is filed and undecided, even on a closed case (appeals can
//                       be filed after closure: the case is not settled while one is pending)
//   closed              closed, with no appeal pending
//   sanctioned          a sanction is in force (imposed and not annulled on appeal; a reduced one is
//                       in force as its replacement kind)
//   found               a finding is recorded (also when every sanction was annulled)
//   under_verification  an inspector is assigned
//   reported
// A correction changes what the case shows; the correction keeps the values it replaced, so the
// report as it was made stays readable (`asReported`).

export const caseStatuses = ['reported', 'under_verification', 'found', 'sanctioned', 'under_appeal', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Who recorded something and when, on every part of a case. */
export type Recorded = {
  position: string;
  recordedAt: string;
  recordedBy: string;
};

export type CaseSanction = Recorded & {
  sanctionId: string;
  officerId: string;
  /** The kind in force: the imposed kind, or the lighter one an appeal replaced it with. */
  kind: SanctionKind;
  imposedKind: SanctionKind;
  capacity: SanctionCapacity;
  effectiveOn: CalendarDate;
  basis: string;
  untilOn: CalendarDate | null;
  toPostId: string | null;
  /** A training's end and a reassignment's post as imposed (a reduction replaces untilOn and toPostId). */
  imposedUntilOn: CalendarDate | null;
  imposedToPostId: string | null;
  status: 'in_force' | 'reduced' | 'annulled';
  /**
   * The day of the appeal decision that reduced or annulled it: a replacement kind is in force
   * from then (as in the officer's history); null while the sanction is as imposed.
   */
  revisedOn: CalendarDate | null;
};

export type CaseAppeal = Recorded & {
  appealId: string;
  sanctionId: string;
  stage: AppealStage;
  filedOn: CalendarDate;
  outcome: AppealOutcome | null;
  decidedOn: CalendarDate | null;
  replacementKind: SanctionKind | null;
  /** Where a replacement reassignment moves the officer, and when a replacement training ends (null otherwise). */
  replacementToPostId: string | null;
  replacementUntilOn: CalendarDate | null;
  /** Who recorded the decision and when. */
  decision: Recorded | null;
};

export type CaseRecord = {
  caseId: string;
  status: CaseStatus;
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  reportedOn: CalendarDate;
  summary: string;
  ruleRefs: string[];
  subjects: { officerId: string; unitId: string }[];
  /** The subjects with no finding yet, in the order reported: while any is left, the verification is not done. */
  awaitingFinding: string[];
  /** Protected: only inspectors see it. */
  reporter: { name: string | null; contact: string | null; anonymous: boolean } | null;
  reported: Recorded;
  /** Every assignment of the verification; the latest one is in force. */
  verifications: ({ inspectorId: string; assignedOn: CalendarDate; dueOn: CalendarDate } & Recorded)[];
  inspectorId: string | null;
  assignedOn: CalendarDate | null;
  dueOn: CalendarDate | null;
  /**
   * The verification's due date passed with a subject still awaiting a finding: a finding was recorded
   * after it, or the case was handed over (or given a new due date) after it (late handling is itself a
   * breach; the new due date does not undo it: deadlineMissedBy, as the case itself has it).
   */
  late: boolean;
  evidence: ({ evidenceId: string; description: string; reference: string | null; sha256: string | null } & Recorded)[];
  interventions: ({ officerId: string; kind: InterventionKind; heldOn: CalendarDate } & Recorded)[];
  /**
   * `recordedOn` is the day the finding was entered, `foundOn` the day it was made (earlier for a case
   * handled on paper and entered later; the day recorded for findings recorded before it was kept).
   */
  findings: ({
    officerIds: string[]; outcome: FindingOutcome; severity: Severity | null; summary: string; recordedOn: CalendarDate; foundOn: CalendarDate; late: boolean;
  } & Recorded)[];
  accountability: ({
    officerId: string; unitId: string; level: 'officer' | 'unit_head'; headOfficerId: string | null; ruleRef: string; flaggedOn: CalendarDate;
  } & Recorded)[];
  sanctions: CaseSanction[];
  appeals: CaseAppeal[];
  closure: ({ summary: string; closedOn: CalendarDate } & Recorded) | null;
  corrections: CaseCorrection[];
  lastPosition: string;
  updatedAt: string;
};

/** The fields of the report a correction can change. */
export type CorrectableFields = {
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  summary: string;
  ruleRefs: string[];
  /** Subjects recorded in the wrong unit, with the unit of the breach; `previous` has the units they had. */
  subjectUnits: SubjectUnit[];
};

/** A correction of the report: what it changed, and the values those fields had before it. */
export type CaseCorrection = Recorded & {
  correctsEventId: string;
  reason: string;
  changes: Partial<CorrectableFields>;
  /** For each field in `changes`, its value before this correction. */
  previous: Partial<CorrectableFields>;
};

/** What the register keeps of a case to list, filter and count it. */
export type CaseRow = Pick<
  CaseRecord,
  'caseId' | 'status' | 'category' | 'channel' | 'occurredOn' | 'reportedOn' | 'summary' | 'subjects' | 'awaitingFinding' | 'inspectorId' | 'dueOn' | 'late'
> & {
  /**
   * When the report was entered in the register (the CaseReported event's recordedAt, an ISO instant):
   * reportedOn is the day the bureau received it, which may be earlier. The reads give the bureau's
   * day of this instant as `enteredOn` (the zone is theirs, not the reducer's).
   */
  enteredAt: string;
  /** The outcome of each finding, in order. */
  findingOutcomes: FindingOutcome[];
  /** The sanctions in force (not annulled on appeal), by id, in the order imposed: 处理人次. */
  sanctionsInForce: string[];
  /** Appeals filed and not yet decided. */
  pendingAppeals: string[];
  closedOn: CalendarDate | null;
};

export interface CaseSubjectRow {
  caseId: string;
  officerId: string;
  unitId: string;
}

export type CaseRegisterTables = {
  cases: CaseRow;
  subjects: CaseSubjectRow;
};

export const caseRegisterProjection: Projection<CaseRegisterTables> = {
  name: 'case_register',
  // 4: corrections of subjects' units (the row's subjects and the subjects table follow them).
  // 6: the row keeps when the report was entered (enteredAt), since reportedOn may be earlier.
  version: 6,
  // Evidence, interventions and accountability are in the whole case, not in its row.
  eventTypes: new Set<string>([
    'CaseReported', 'VerificationAssigned', 'FindingRecorded', 'SanctionImposed', 'AppealFiled', 'AppealDecided', 'CaseClosed',
    'CaseRecordCorrected',
  ] satisfies (keyof typeof caseEventSchemas)[]),
  tables: {
    cases: {
      kind: 'entity',
      columns: {
        status: { type: 'TEXT', value: (c) => c.status },
        category: { type: 'TEXT', value: (c) => c.category },
        channel: { type: 'TEXT', value: (c) => c.channel },
        reported_on: { type: 'TEXT', value: (c) => c.reportedOn },
        due_on: { type: 'TEXT', value: (c) => c.dueOn },
        // 1 while a subject awaits a finding: with due_on and closed_on, whether the verification is overdue.
        awaiting_finding: { type: 'INTEGER', value: (c) => (c.awaitingFinding.length > 0 ? 1 : 0) },
        closed_on: { type: 'TEXT', value: (c) => c.closedOn },
        inspector_id: { type: 'TEXT', value: (c) => c.inspectorId },
      },
      indexes: [['reported_on'], ['status', 'reported_on'], ['category', 'reported_on'], ['awaiting_finding', 'due_on']],
    },
    subjects: {
      kind: 'entity',
      columns: {
        case_id: { type: 'TEXT', value: (s) => s.caseId },
        officer_id: { type: 'TEXT', value: (s) => s.officerId },
        unit_id: { type: 'TEXT', value: (s) => s.unitId },
      },
      indexes: [['officer_id'], ['unit_id']],
    },
  },
  reduce(view, event) {
    if (event.type === 'CaseReported') {
      const { caseId, subjects, category, channel, occurredOn, summary, reportedOn } = event.data;
      const row: CaseRow = {
        caseId, status: 'reported', category, channel, occurredOn, reportedOn, summary,
        subjects: subjects.map(({ officerId, unitId }) => ({ officerId, unitId })), awaitingFinding: subjectIds(subjects),
        enteredAt: event.metadata.recordedAt, inspectorId: null, dueOn: null, late: false, findingOutcomes: [], sanctionsInForce: [], pendingAppeals: [], closedOn: null,
      };
      return [
        put('cases', caseId, row),
        ...row.subjects.map((s) => put<CaseRegisterTables, 'subjects'>('subjects', `${caseId}|${s.officerId}`, { caseId, ...s })),
      ];
    }
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string' || !event.streamName.startsWith('case-')) return [];
    const current = view.get('cases', caseId);
    if (!current) return [];
    const next = evolveRow(current, event);
    if (next === current) return [];
    const changes: Change<CaseRegisterTables>[] = [put('cases', caseId, { ...next, status: statusOf(next) })];
    if (event.type === 'CaseRecordCorrected' && event.data.changes.subjectUnits) {
      for (const s of next.subjects) {
        if (current.subjects.some((was) => was.officerId === s.officerId && was.unitId !== s.unitId)) {
          changes.push(put('subjects', `${caseId}|${s.officerId}`, { caseId, ...s }));
        }
      }
    }
    return changes;
  },
};

/** The row after an event of its case (the same row when the event does not change it). */
function evolveRow(c: Readonly<CaseRow>, event: ProjectedEvent): Readonly<CaseRow> {
  switch (event.type) {
    case 'VerificationAssigned':
      return { ...c, inspectorId: event.data.inspectorId, dueOn: event.data.dueOn, late: c.late || deadlineMissedBy(c.dueOn, event.data.assignedOn, c.awaitingFinding.length > 0) };
    case 'FindingRecorded':
      return {
        ...c, late: c.late || event.data.late, findingOutcomes: [...c.findingOutcomes, event.data.outcome],
        awaitingFinding: stillAwaiting(c.awaitingFinding, event.data.officerIds),
      };
    case 'SanctionImposed':
      return { ...c, sanctionsInForce: [...c.sanctionsInForce, event.data.sanctionId] };
    case 'AppealFiled':
      return { ...c, pendingAppeals: [...c.pendingAppeals, event.data.appealId] };
    case 'AppealDecided': {
      const { appealId, sanctionId } = event.data;
      const pendingAppeals = c.pendingAppeals.filter((id) => id !== appealId);
      const sanctionsInForce = takesOutOfForce(event.data.outcome, event.data.replacementKind) ? c.sanctionsInForce.filter((id) => id !== sanctionId) : c.sanctionsInForce;
      return { ...c, pendingAppeals, sanctionsInForce };
    }
    case 'CaseClosed':
      return { ...c, closedOn: event.data.closedOn };
    case 'CaseRecordCorrected':
      return { ...c, ...corrected(c, event.data.changes) };
    default:
      // Evidence, interventions, accountability: in the whole case, not in its row.
      return c;
  }
}

/** The subjects' officer ids, each once, in the order reported. */
function subjectIds(subjects: readonly { officerId: string }[]): string[] {
  const ids: string[] = [];
  for (const { officerId } of subjects) if (!ids.includes(officerId)) ids.push(officerId);
  return ids;
}

/** The subjects still awaiting a finding once one is recorded for `found`. */
function stillAwaiting(awaiting: readonly string[], found: readonly string[]): string[] {
  return awaiting.filter((id) => !found.includes(id));
}

/** What a correction changes of what both the row and the whole case show. */
function corrected(
  c: Readonly<Pick<CaseRow, 'category' | 'channel' | 'occurredOn' | 'summary' | 'subjects'>>,
  changes: Partial<Pick<CorrectableFields, 'category' | 'channel' | 'occurredOn' | 'summary' | 'subjectUnits'>>,
): Pick<CaseRow, 'category' | 'channel' | 'occurredOn' | 'summary' | 'subjects'> {
  return {
    category: changes.category ?? c.category,
    channel: changes.channel ?? c.channel,
    occurredOn: changes.occurredOn ?? c.occurredOn,
    summary: changes.summary ?? c.summary,
    subjects: changes.subjectUnits ? withUnits(c.subjects, changes.subjectUnits) : c.subjects,
  };
}

/**
 * The whole case: the fold of its stream's events, in order (those of other streams are passed
 * over). Null until the case is reported.
 */
export function foldCase(events: Iterable<ProjectedEvent>): CaseRecord | null {
  let record: CaseRecord | null = null;
  for (const event of events) {
    if (!event.streamName.startsWith('case-')) continue;
    const recorded = recordedOf(event);
    if (event.type === 'CaseReported') {
      const { caseId, subjects, category, channel, occurredOn, summary, ruleRefs, reporter, reportedOn } = event.data;
      record = {
        caseId, status: 'reported', category, channel, occurredOn, reportedOn, summary, ruleRefs,
        subjects: subjects.map(({ officerId, unitId }) => ({ officerId, unitId })), awaitingFinding: subjectIds(subjects),
        reporter: reporter ? { name: reporter.name, contact: reporter.contact, anonymous: reporter.anonymous } : null,
        reported: recorded, verifications: [], inspectorId: null, assignedOn: null, dueOn: null, late: false,
        evidence: [], interventions: [], findings: [], accountability: [], sanctions: [], appeals: [], closure: null,
        corrections: [], lastPosition: recorded.position, updatedAt: recorded.recordedAt,
      };
      continue;
    }
    if (!record) continue;
    const next = evolveCase(record, event, recorded);
    if (next !== record) record = { ...next, status: statusOf(next), lastPosition: recorded.position, updatedAt: recorded.recordedAt };
  }
  return record;
}

function recordedOf(event: ProjectedEvent): Recorded {
  return { position: event.position.toString(), recordedAt: event.metadata.recordedAt, recordedBy: event.metadata.actor };
}

function evolveCase(c: Readonly<CaseRecord>, event: ProjectedEvent, recorded: Recorded): Readonly<CaseRecord> {
  switch (event.type) {
    case 'VerificationAssigned': {
      const { inspectorId, assignedOn, dueOn } = event.data;
      return {
        ...c, inspectorId, assignedOn, dueOn, late: c.late || deadlineMissedBy(c.dueOn, assignedOn, c.awaitingFinding.length > 0),
        verifications: [...c.verifications, { inspectorId, assignedOn, dueOn, ...recorded }],
      };
    }
    case 'EvidenceAttached': {
      const { evidenceId, description, reference, sha256 } = event.data;
      return { ...c, evidence: [...c.evidence, { evidenceId, description, reference, sha256, ...recorded }] };
    }
    case 'InterventionHeld': {
      const { officerId, kind, heldOn } = event.data;
      return { ...c, interventions: [...c.interventions, { officerId, kind, heldOn, ...recorded }] };
    }
    case 'FindingRecorded': {
      const { officerIds, outcome, severity, summary, recordedOn, late } = event.data;
      const foundOn = findingDay(event.data);
      return {
        ...c, late: c.late || late, findings: [...c.findings, { officerIds, outcome, severity, summary, recordedOn, foundOn, late, ...recorded }],
        awaitingFinding: stillAwaiting(c.awaitingFinding, officerIds),
      };
    }
    case 'AccountabilityFlagged': {
      const { officerId, unitId, level, headOfficerId, ruleRef, flaggedOn } = event.data;
      return { ...c, accountability: [...c.accountability, { officerId, unitId, level, headOfficerId, ruleRef, flaggedOn, ...recorded }] };
    }
    case 'SanctionImposed': {
      const { sanctionId, officerId, kind, capacity, effectiveOn, basis, untilOn, toPostId } = event.data;
      const sanction: CaseSanction = {
        sanctionId, officerId, kind, imposedKind: kind, capacity, effectiveOn, basis, untilOn, toPostId,
        imposedUntilOn: untilOn, imposedToPostId: toPostId, status: 'in_force', revisedOn: null,
        ...recorded,
      };
      return { ...c, sanctions: [...c.sanctions, sanction] };
    }
    case 'AppealFiled': {
      const { appealId, sanctionId, stage, filedOn } = event.data;
      const appeal: CaseAppeal = {
        appealId, sanctionId, stage, filedOn, outcome: null, decidedOn: null, replacementKind: null,
        replacementToPostId: null, replacementUntilOn: null, decision: null, ...recorded,
      };
      return { ...c, appeals: [...c.appeals, appeal] };
    }
    case 'AppealDecided': {
      const { appealId, sanctionId, outcome, decidedOn, replacementKind, toPostId, untilOn } = event.data;
      const appeals = c.appeals.map((a) => (a.appealId === appealId
        ? { ...a, outcome, decidedOn, replacementKind, replacementToPostId: toPostId ?? null, replacementUntilOn: untilOn ?? null, decision: recorded }
        : a));
      // An annulled sanction stays annulled (as in the row and the statistics): no later decision revives it.
      const sanctions = c.sanctions.map((s): CaseSanction => {
        if (s.sanctionId !== sanctionId || outcome === 'upheld' || s.status === 'annulled') return s;
        if (takesOutOfForce(outcome, replacementKind)) return { ...s, status: 'annulled', revisedOn: decidedOn };
        return { ...s, kind: replacementKind!, status: 'reduced', toPostId: toPostId ?? null, untilOn: untilOn ?? null, revisedOn: decidedOn };
      });
      return { ...c, appeals, sanctions };
    }
    case 'CaseClosed': {
      const { summary, closedOn } = event.data;
      return { ...c, closure: { summary, closedOn, ...recorded } };
    }
    case 'CaseRecordCorrected': {
      const { correctsEventId, reason, changes } = event.data;
      const previous: Partial<CorrectableFields> = {};
      for (const field of Object.keys(changes) as (keyof CorrectableFields)[]) {
        if (changes[field] === undefined) continue;
        (previous as Record<string, unknown>)[field] = field === 'subjectUnits'
          ? c.subjects.filter((s) => changes.subjectUnits!.some((u) => u.officerId === s.officerId))
          : c[field];
      }
      return {
        ...c,
        ...corrected(c, changes),
        ruleRefs: changes.ruleRefs ?? c.ruleRefs,
        corrections: [...c.corrections, { correctsEventId, reason, changes, previous, ...recorded }],
      };
    }
    default:
      return c;
  }
}

/** What a case's status depends on, in its row and in the whole case alike. */
interface StatusFacts {
  closed: boolean;
  appealPending: boolean;
  sanctioned: boolean;
  found: boolean;
  inspectorId: string | null;
}

function statusFrom(f: StatusFacts): CaseStatus {
  if (f.appealPending) return 'under_appeal';
  if (f.closed) return 'closed';
  if (f.sanctioned) return 'sanctioned';
  if (f.found) return 'found';
  if (f.inspectorId) return 'under_verification';
  return 'reported';
}

export function statusOf(c: Readonly<CaseRecord> | Readonly<CaseRow>): CaseStatus {
  return statusFrom(isRow(c)
    ? { closed: c.closedOn !== null, appealPending: c.pendingAppeals.length > 0, sanctioned: c.sanctionsInForce.length > 0, found: c.findingOutcomes.length > 0, inspectorId: c.inspectorId }
    : { closed: c.closure !== null, appealPending: c.appeals.some((a) => a.outcome === null), sanctioned: c.sanctions.some(inForce), found: c.findings.length > 0, inspectorId: c.inspectorId });
}

/** Whether a sanction of the whole case is in force (as imposed, or reduced to its replacement kind). */
export function inForce(s: Readonly<CaseSanction>): boolean {
  return s.status !== 'annulled';
}

function isRow(c: Readonly<CaseRecord> | Readonly<CaseRow>): c is Readonly<CaseRow> {
  return 'findingOutcomes' in c;
}

/**
 * A verification is overdue when its due date has passed, a subject still has no finding (a finding
 * for some of the subjects does not settle the others), and the case is open. The queries say the
 * same in SQL (src/read-models/queries/overdue-sql.ts).
 */
export function isOverdue(c: Readonly<CaseRecord> | Readonly<CaseRow>, today: CalendarDate): boolean {
  const closed = isRow(c) ? c.closedOn !== null : c.closure !== null;
  return c.dueOn !== null && c.dueOn < today && c.awaitingFinding.length > 0 && !closed;
}

/** The report as it was made: its fields, and its subjects in their units. */
export type ReportAsMade = Omit<CorrectableFields, 'subjectUnits'> & Pick<CaseRecord, 'subjects'>;

/** The report as it was made, before any correction: each corrected field's value before its first correction. */
export function asReported(c: Readonly<CaseRecord>): ReportAsMade {
  const reported: ReportAsMade = { category: c.category, channel: c.channel, occurredOn: c.occurredOn, summary: c.summary, ruleRefs: c.ruleRefs, subjects: c.subjects };
  for (let i = c.corrections.length - 1; i >= 0; i--) {
    const { subjectUnits, ...previous } = c.corrections[i]!.previous;
    Object.assign(reported, previous);
    if (subjectUnits) reported.subjects = withUnits(reported.subjects, subjectUnits);
  }
  return reported;
}

export type CaseTimelineEntry = Recorded & {
  type: string;
  on: CalendarDate | null;
  data: Record<string, unknown>;
};

/** A sanction with the terms it was imposed with, as its SanctionImposed step tells it. */
function asImposed(s: Readonly<CaseSanction>) {
  const { sanctionId, officerId, imposedKind, capacity, effectiveOn, basis, imposedUntilOn, imposedToPostId, position, recordedAt, recordedBy } = s;
  return {
    sanctionId, officerId, kind: imposedKind, capacity, effectiveOn, basis, untilOn: imposedUntilOn, toPostId: imposedToPostId,
    position, recordedAt, recordedBy,
  };
}

/** The case's story in log order, each step with who recorded it and when (never the reporter). */
export function caseTimeline(c: Readonly<CaseRecord>): CaseTimelineEntry[] {
  // The report as it was made: the corrections that follow it in the timeline say what they changed.
  const reported = asReported(c);
  const entries: CaseTimelineEntry[] = [
    {
      type: 'CaseReported', on: effectiveDayOf('CaseReported', c), ...c.reported,
      data: {
        category: reported.category, channel: reported.channel, occurredOn: reported.occurredOn, summary: reported.summary,
        ruleRefs: reported.ruleRefs, subjects: reported.subjects,
      },
    },
  ];
  const strip = <T extends Recorded>(item: T): Record<string, unknown> => {
    const { position: _p, recordedAt: _a, recordedBy: _b, ...data } = item;
    return data;
  };
  // Each part keeps its event's fields, so the day it took effect is read as from the event.
  const add = <T extends Recorded>(type: EventType, items: readonly T[]) => {
    for (const item of items) {
      const data = strip(item);
      entries.push({ type, on: effectiveDayOf(type, data), position: item.position, recordedAt: item.recordedAt, recordedBy: item.recordedBy, data });
    }
  };
  add('VerificationAssigned', c.verifications);
  add('EvidenceAttached', c.evidence);
  add('InterventionHeld', c.interventions);
  add('FindingRecorded', c.findings);
  add('AccountabilityFlagged', c.accountability);
  // The sanction as it was imposed: a review or appeal that changed it has its own step after it.
  add('SanctionImposed', c.sanctions.map(asImposed));
  add('AppealFiled', c.appeals.map(({ decision: _d, outcome: _o, decidedOn: _on, replacementKind: _r, replacementToPostId: _p, replacementUntilOn: _u, ...filed }) => filed));
  for (const a of c.appeals) {
    if (!a.decision) continue;
    entries.push({
      type: 'AppealDecided', on: effectiveDayOf('AppealDecided', a), ...a.decision,
      data: {
        appealId: a.appealId, sanctionId: a.sanctionId, outcome: a.outcome, decidedOn: a.decidedOn, replacementKind: a.replacementKind,
        // The replacement's terms (records built before they were kept have none).
        toPostId: a.replacementToPostId ?? null, untilOn: a.replacementUntilOn ?? null,
      },
    });
  }
  add('CaseRecordCorrected', c.corrections);
  if (c.closure) add('CaseClosed', [c.closure]);
  return entries.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0));
}
