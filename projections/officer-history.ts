import type { EventType } from '../src/domain/event-catalogue.js';
import { evolveOfficer, type OfficerEvent } from '../src/domain/officer/evolve.js';
import { initialOfficerState, type Officer, type OfficerSanction, type OfficerState } from '../src/domain/officer/state.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type { FindingOutcome, InterventionKind, ViolationCategory } from '../src/domain/shared/codes.js';
import { instantMs, type ProjectedEvent } from './projected-event.js';
import { append, put, type Change, type Projection, type ProjectionView } from './projection.js';
import { own } from '../src/domain/shared/own.js';
import { effectiveDayOf } from './effective-day.js';
import { findingDay } from '../src/domain/case/events.js';

// Officer history (执法人员档案): each officer's state and full timeline, with who recorded each entry
// and when. The officer's own stream is folded with the domain's own evolveOfficer, so the register
// and its read model can never disagree about an officer; case and unit events about the officer
// join the timeline. The reporter of a case never appears here: timeline entries copy only the
// fields listed below, never a whole case event.
//
// The officer's state is the fold of their timeline entries (`foldHistory`): the current
// state folds them all, the register as it stood at an instant (`asOf`) folds those recorded by
// then. The read model keeps, per officer, pointers into the log (each event's position and why it
// concerns the officer) and a small directory of units, posts and officers. Reading a history
// fetches the events pointed at and turns each into its entry (`timelineEntry`), then folds them:
// a rebuild writes a few bytes per entry instead of copying the log.

/** Why an event is in this officer's timeline. */
export type TimelineRole = 'self' | 'subject' | 'sanctioned' | 'unit_head' | 'former_unit_head';

export type TimelineEntry = {
  /** Log position (decimal string). */
  position: string;
  eventId: string;
  type: EventType;
  /** Who recorded it (the event's actor) and when (its recordedAt, an ISO instant with offset). */
  recordedBy: string;
  recordedAt: string;
  role: TimelineRole;
  /** The day it took effect (a posting's effective date, a hearing's day), null when it has none. */
  on: CalendarDate | null;
  data: Record<string, unknown>;
};

export type CaseInvolvement = {
  caseId: string;
  roles: TimelineRole[];
  category: ViolationCategory | null;
  reportedOn: CalendarDate | null;
  /** The latest finding naming this officer. */
  outcome: FindingOutcome | null;
  closedOn: CalendarDate | null;
};

export type AccountabilityMark = {
  caseId: string;
  level: 'officer' | 'unit_head';
  ruleRef: string;
  flaggedOn: CalendarDate;
  /** The officer whose breach it is (the officer themself at level `officer`). */
  breachOfficerId: string;
  unitId: string;
};

export interface OfficerHistory {
  officerId: string;
  /** The domain's view of the officer's own stream (`exists: false` until registered). */
  officer: OfficerState;
  cases: CaseInvolvement[];
  interventions: { caseId: string; kind: InterventionKind; heldOn: CalendarDate }[];
  accountability: AccountabilityMark[];
  /**
   * Units the officer currently heads: none once they left service (a head's term ends then, as the
   * domain's headOn has it; reinstated on appeal, they are the head on record again).
   */
  headOfUnits: string[];
  entryCount: number;
  lastPosition: string;
  lastRecordedAt: string;
}

/** Who an officer is, for lists that show names. */
export interface OfficerDirectoryRow {
  officerId: string;
  name: string;
}

/** A post the register knows, for lists and pickers: as defined, with the latest change of its title, sensitivity or period. */
export interface PostDirectoryRow {
  postId: string;
  unitId: string;
  title: string;
  enforcement: boolean;
  sensitive: boolean;
  rotationPeriodMonths: number | null;
}

export interface UnitDirectoryRow {
  unitId: string;
  name: string;
  headOfficerId: string | null;
}

/** Who a case event is about: subjects, officers sanctioned in it, unit heads held accountable. */
export interface CaseOfficersRow {
  caseId: string;
  /** Each officer once, with the role they came into the case in: the case's later events join their timeline in it. */
  officers: Target[];
  /** The officer of each sanction of the case (appeals name the sanction). */
  sanctions: Record<string, string>;
}

export type OfficerHistoryTables = {
  officers: OfficerDirectoryRow;
  timeline: TimelinePointer;
  units: UnitDirectoryRow;
  posts: PostDirectoryRow;
  caseOfficers: CaseOfficersRow;
};

type View = ProjectionView<OfficerHistoryTables>;
type Changes = Change<OfficerHistoryTables>[];

const OFFICER_EVENT_TYPES: ReadonlySet<string> = new Set<OfficerEvent['type']>([
  'OfficerRegistered', 'QualificationGranted', 'OfficerAssigned', 'RotationDeferred', 'WarningEducationAttended',
  'SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised', 'OfficerRecordCorrected', 'HeldPostChanged',
]);

export const officerHistoryProjection: Projection<OfficerHistoryTables> = {
  name: 'officer_history',
  // 8: OfficerAssigned.tenureSince (a return within 12 months continues the earlier tenure): the
  // rotation clock and post history folded from the timeline carry the tenure's start.
  // 9: a reassignment that names no post moves the officer off an enforcement post.
  // 10: a timeline chunk keeps the earliest recordedAt of its entries, not the first one's (?asOf=).
  // 11: a post's row follows its changes (PostChanged); a holder's timeline has the change (HeldPostChanged).
  version: 11,
  // Every event of the register but evidence attached to a case (which no timeline shows).
  eventTypes: new Set<string>([
    ...(OFFICER_EVENT_TYPES as ReadonlySet<EventType>), 'UnitRegistered', 'PostDefined', 'PostChanged', 'UnitHeadAppointed', 'CaseReported', 'VerificationAssigned',
    'InterventionHeld', 'FindingRecorded', 'AccountabilityFlagged', 'SanctionImposed', 'AppealFiled', 'AppealDecided', 'CaseClosed',
    'CaseRecordCorrected',
  ] satisfies EventType[]),
  tables: {
    officers: {
      kind: 'entity',
      columns: { name: { type: 'TEXT', value: (o) => o.name } },
    },
    timeline: { kind: 'log' },
    units: { kind: 'entity' },
    posts: { kind: 'entity', columns: { unit_id: { type: 'TEXT', value: (p) => p.unitId } } },
    caseOfficers: { kind: 'entity' },
  },
  reduce(view, event) {
    if (OFFICER_EVENT_TYPES.has(event.type)) {
      const officerId = (event.data as { officerId: string }).officerId;
      const changes = record(event, [[officerId, 'self']]);
      if (event.type === 'OfficerRegistered') changes.push(put('officers', officerId, { officerId, name: event.data.name }));
      if (event.type === 'OfficerRecordCorrected' && event.data.changes.name !== undefined) {
        changes.push(put('officers', officerId, { officerId, name: event.data.changes.name }));
      }
      return changes;
    }
    switch (event.type) {
      case 'UnitRegistered': {
        const { unitId, name, headOfficerId } = event.data;
        const changes: Changes = [put('units', unitId, { unitId, name, headOfficerId })];
        if (headOfficerId) changes.push(...record(event, [[headOfficerId, 'unit_head']]));
        return changes;
      }
      case 'PostDefined': {
        const { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths } = event.data;
        return [put('posts', postId, { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths })];
      }
      case 'PostChanged': {
        // The holders' timelines get the change from their own streams (HeldPostChanged).
        const { postId, title, sensitive, rotationPeriodMonths } = event.data;
        const row = view.get('posts', postId);
        return row ? [put('posts', postId, { ...row, title, sensitive, rotationPeriodMonths })] : [];
      }
      case 'UnitHeadAppointed': {
        const { unitId, officerId } = event.data;
        const unit = view.get('units', unitId);
        const previous = unit?.headOfficerId ?? null;
        const changes: Changes = [put('units', unitId, { unitId, name: unit?.name ?? unitId, headOfficerId: officerId })];
        const targets: Target[] = [[officerId, 'unit_head']];
        if (previous && previous !== officerId) targets.push([previous, 'former_unit_head']);
        changes.push(...record(event, targets));
        return changes;
      }
      case 'CaseReported': {
        const { caseId, subjects } = event.data;
        const officers = unique(subjects.map((s) => s.officerId)).map((id): Target => [id, 'subject']);
        return [put('caseOfficers', caseId, { caseId, officers, sanctions: {} }), ...record(event, officers)];
      }
      case 'VerificationAssigned':
      case 'CaseClosed':
      case 'CaseRecordCorrected':
        return record(event, caseTargets(view, event.data.caseId));
      case 'InterventionHeld':
        return record(event, [[event.data.officerId, 'subject']]);
      case 'FindingRecorded':
        return record(event, unique(event.data.officerIds).map((id): Target => [id, 'subject']));
      case 'AccountabilityFlagged': {
        const { caseId, officerId, level, headOfficerId } = event.data;
        if (level === 'officer') return record(event, [[officerId, 'subject']]);
        if (!headOfficerId) return [];
        return [...involve(view, caseId, [headOfficerId, 'unit_head']), ...record(event, [[headOfficerId, 'unit_head']])];
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId } = event.data;
        return [...involve(view, caseId, [officerId, 'sanctioned'], sanctionId), ...record(event, [[officerId, 'sanctioned']])];
      }
      case 'AppealFiled':
      case 'AppealDecided': {
        const row = view.get('caseOfficers', event.data.caseId);
        const owner = row ? own(row.sanctions, event.data.sanctionId) : undefined;
        return owner ? record(event, [[owner, 'sanctioned']]) : [];
      }
      default:
        return [];
    }
  },
};

/** A timeline entry as the read model keeps it: where the event is in the log, and why it is here. */
export type TimelinePointer = [position: number, role: TimelineRole];

type Target = [officerId: string, role: TimelineRole];

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function caseTargets(view: View, caseId: string): readonly Target[] {
  return view.get('caseOfficers', caseId)?.officers ?? [];
}

/**
 * Adds an officer, in the role they come into the case in (a subject stays a subject), and the
 * sanction they received, to those the case's later events concern.
 */
function involve(view: View, caseId: string, target: Target, sanctionId?: string): Changes {
  const row = view.get('caseOfficers', caseId) ?? { caseId, officers: [], sanctions: {} };
  const officerId = target[0];
  const known = row.officers.some(([id]) => id === officerId);
  if (known && sanctionId === undefined) return [];
  return [put('caseOfficers', caseId, {
    caseId,
    officers: known ? row.officers : [...row.officers, target],
    sanctions: sanctionId === undefined ? row.sanctions : { ...row.sanctions, [sanctionId]: officerId },
  })];
}

/** A pointer to the event for each target officer. */
function record(event: ProjectedEvent, targets: readonly Target[]): Changes {
  const position = Number(event.position);
  return targets.map(([officerId, role]) => append('timeline', officerId, [position, role] as TimelinePointer));
}

/**
 * What an officer's timeline shows of an event: the officer's own events whole, a case's events
 * field by field, so that the reporter of a case never appears (CaseReported's `reporter` is left out).
 */
export function timelineData(event: ProjectedEvent): Record<string, unknown> {
  switch (event.type) {
    case 'CaseReported': {
      const { caseId, subjects, category, channel, occurredOn, reportedOn, summary, ruleRefs } = event.data;
      return { caseId, subjects, category, channel, occurredOn, reportedOn, summary, ruleRefs };
    }
    case 'VerificationAssigned': {
      const { caseId, inspectorId, assignedOn, dueOn } = event.data;
      return { caseId, inspectorId, assignedOn, dueOn };
    }
    case 'InterventionHeld': {
      const { caseId, officerId, kind, heldOn } = event.data;
      return { caseId, officerId, kind, heldOn };
    }
    case 'FindingRecorded': {
      // foundOn: the day it was made (for findings recorded before it was kept, the day recorded).
      const { caseId, officerIds, outcome, severity, summary, recordedOn, late } = event.data;
      return { caseId, officerIds, outcome, severity, summary, recordedOn, foundOn: findingDay(event.data), late };
    }
    case 'AccountabilityFlagged': {
      const { caseId, officerId, unitId, level, headOfficerId, ruleRef, flaggedOn } = event.data;
      return { caseId, officerId, unitId, level, headOfficerId, ruleRef, flaggedOn };
    }
    case 'SanctionImposed': {
      const { caseId, sanctionId, officerId, kind, capacity, effectiveOn, basis, untilOn, toPostId } = event.data;
      return { caseId, sanctionId, officerId, kind, capacity, effectiveOn, basis, untilOn, toPostId };
    }
    case 'AppealFiled': {
      const { caseId, appealId, sanctionId, stage, filedOn } = event.data;
      return { caseId, appealId, sanctionId, stage, filedOn };
    }
    case 'AppealDecided': {
      const { caseId, appealId, sanctionId, outcome, decidedOn, replacementKind, toPostId, untilOn } = event.data;
      return { caseId, appealId, sanctionId, outcome, decidedOn, replacementKind, toPostId, untilOn };
    }
    case 'CaseClosed': {
      const { caseId, summary, closedOn } = event.data;
      return { caseId, summary, closedOn };
    }
    case 'CaseRecordCorrected': {
      const { caseId, correctsEventId, reason, changes } = event.data;
      return { caseId, correctsEventId, reason, changes };
    }
    default:
      // The officer's own events, unit registrations and head appointments: nothing in them is protected.
      return event.data as Record<string, unknown>;
  }
}

/** The entry a pointer stands for, from the event it points at. */
export function timelineEntry(event: ProjectedEvent, role: TimelineRole): TimelineEntry {
  return {
    position: event.position.toString(),
    eventId: event.id,
    type: event.type,
    recordedBy: event.metadata.actor,
    recordedAt: event.metadata.recordedAt,
    role,
    on: effectiveDayOf(event.type, event.data as Record<string, unknown>),
    data: timelineData(event),
  };
}

/**
 * The officer's state after these timeline entries, in order; null when there are none. Pure from
 * the outside (the accumulator is local), and linear in the number of entries: a unit head can have
 * thousands.
 */
export function foldHistory(officerId: string, entries: readonly TimelineEntry[]): OfficerHistory | null {
  const last = entries[entries.length - 1];
  if (!last) return null;
  let officer: OfficerState = initialOfficerState;
  const cases = new Map<string, CaseInvolvement>();
  const interventions: OfficerHistory['interventions'] = [];
  const accountability: AccountabilityMark[] = [];
  const heads = new Set<string>();
  const involvement = (caseId: string): CaseInvolvement => {
    let found = cases.get(caseId);
    if (!found) {
      found = { caseId, roles: [], category: null, reportedOn: null, outcome: null, closedOn: null };
      cases.set(caseId, found);
    }
    return found;
  };
  const addRole = (c: CaseInvolvement, role: TimelineRole) => {
    if (!c.roles.includes(role)) c.roles.push(role);
  };
  for (const entry of entries) {
    const data = entry.data;
    if (entry.role === 'self') {
      officer = evolveOfficer(officer, { type: entry.type, data, id: entry.eventId } as unknown as OfficerEvent & { id: string });
      continue;
    }
    const caseId = typeof data.caseId === 'string' ? data.caseId : '';
    switch (entry.type) {
      case 'UnitRegistered':
      case 'UnitHeadAppointed':
        heads.delete(data.unitId as string);
        if (entry.role === 'unit_head') heads.add(data.unitId as string);
        break;
      case 'CaseReported': {
        const c = involvement(caseId);
        addRole(c, 'subject');
        c.category = data.category as ViolationCategory;
        c.reportedOn = data.reportedOn as CalendarDate;
        break;
      }
      case 'FindingRecorded':
        involvement(caseId).outcome = data.outcome as FindingOutcome;
        break;
      case 'InterventionHeld':
        interventions.push({ caseId, kind: data.kind as InterventionKind, heldOn: data.heldOn as CalendarDate });
        break;
      case 'AccountabilityFlagged':
        accountability.push({
          caseId,
          level: data.level as AccountabilityMark['level'],
          ruleRef: data.ruleRef as string,
          flaggedOn: data.flaggedOn as CalendarDate,
          breachOfficerId: data.officerId as string,
          unitId: data.unitId as string,
        });
        if (entry.role === 'unit_head') addRole(involvement(caseId), 'unit_head');
        break;
      case 'SanctionImposed':
        addRole(involvement(caseId), 'sanctioned');
        break;
      case 'CaseClosed':
        involvement(caseId).closedOn = data.closedOn as CalendarDate;
        break;
      case 'CaseRecordCorrected': {
        const category = (data.changes as { category?: ViolationCategory }).category;
        if (category) involvement(caseId).category = category;
        break;
      }
      default:
        // Verification, appeals: on the timeline, no change of state.
        break;
    }
  }
  return {
    officerId, officer, cases: [...cases.values()], interventions, accountability,
    headOfUnits: officer.exists && officer.separation ? [] : [...heads],
    entryCount: entries.length, lastPosition: last.position, lastRecordedAt: last.recordedAt,
  };
}

/** The officer's state now: the fold of every entry. Null when the register knows nothing of them. */
export function currentHistory(officerId: string, entries: readonly TimelineEntry[]): OfficerHistory | null {
  return foldHistory(officerId, entries);
}

/** The officer as the register stood at `asOfMs`: the fold of the entries recorded by then. */
export function historyAsOf(
  officerId: string,
  entries: readonly TimelineEntry[],
  asOfMs: number,
): { state: OfficerHistory | null; timeline: TimelineEntry[] } {
  const timeline = entries.filter((e) => instantMs(e.recordedAt) <= asOfMs);
  return { state: foldHistory(officerId, timeline), timeline };
}

export type OfficerSummary = {
  officerId: string;
  registered: boolean;
  name: string | null;
  unitId: string | null;
  hiredOn: CalendarDate | null;
  inService: boolean;
  separation: Officer['separation'];
  post: Officer['post'];
  rotation: Officer['rotation'];
  qualification: Officer['qualification'];
  qualified: boolean;
  sanctionsInForce: OfficerSanction[];
  training: OfficerSanction | null;
  sanctions: OfficerSanction[];
  postHistory: Officer['postHistory'];
  warningEducation: Officer['warningEducation'];
  corrections: Officer['corrections'];
  cases: CaseInvolvement[];
  interventions: OfficerHistory['interventions'];
  accountability: AccountabilityMark[];
  headOfUnits: string[];
};

/** What the history route shows as the officer's state. */
export function summarizeOfficer(history: OfficerHistory): OfficerSummary {
  const officer = history.officer;
  const common = {
    officerId: history.officerId,
    cases: history.cases,
    interventions: history.interventions,
    accountability: history.accountability,
    headOfUnits: history.headOfUnits,
  };
  if (!officer.exists) {
    return {
      ...common, registered: false, name: null, unitId: null, hiredOn: null, inService: false, separation: null,
      post: null, rotation: null, qualification: null, qualified: false, sanctionsInForce: [], training: null,
      sanctions: [], postHistory: [], warningEducation: [], corrections: [],
    };
  }
  const sanctions = Object.values(officer.sanctions);
  const inForce = sanctions.filter((s) => s.status === 'in_force');
  return {
    ...common,
    registered: true,
    name: officer.name,
    unitId: officer.unitId,
    hiredOn: officer.hiredOn,
    inService: officer.inService,
    separation: officer.separation,
    post: officer.post,
    rotation: officer.rotation,
    qualification: officer.qualification,
    qualified: officer.qualification !== null,
    sanctionsInForce: inForce,
    training: inForce.find((s) => s.kind === 'off_post_training') ?? null,
    sanctions,
    postHistory: officer.postHistory,
    warningEducation: officer.warningEducation,
    corrections: officer.corrections,
  };
}
