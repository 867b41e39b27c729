import { evolveOfficer, type OfficerEvent } from '../src/domain/officer/evolve.js';
import { initialOfficerState, type OfficerState } from '../src/domain/officer/state.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';
import { addDaysFast, addMonthsFast } from './dates.js';
import type { ProjectedEvent } from './projected-event.js';
import { put, remove, type Change, type Projection } from './projection.js';

// Rotation schedule (定期轮岗): everyone holding a sensitive post, since when, when rotation is due
// and until when it was deferred. The rotation clock is the domain's own (evolveOfficer: a
// sensitive post starts it, a deferral moves it, any move off the post ends it), so the schedule
// always agrees with what the register enforces. Status depends on today's date and is computed
// when the schedule is read, never stored.

export interface RotationHolder {
  officerId: string;
  officerName: string;
  postId: string;
  postTitle: string;
  unitId: string;
  /** Kept with the row so that reading the schedule needs no join (units are never renamed). */
  unitName: string | null;
  /** Start of the tenure in this post. */
  since: CalendarDate;
  periodMonths: number;
  /** Tenure start plus the post's rotation period. */
  dueOn: CalendarDate;
  /** The latest approved deferral, if any: rotation is then due on this date instead. */
  deferredUntil: CalendarDate | null;
  deferralCount: number;
  /** `deferredUntil ?? dueOn`: what the status is computed from. */
  effectiveDueOn: CalendarDate;
}

export type RotationTables = {
  /** The domain's officer state, without the lists the clock never needs (kept small). */
  officers: OfficerState;
  holders: RotationHolder;
  /** Unit names, by id. */
  units: { unitId: string; name: string };
};

const OFFICER_EVENT_TYPES: ReadonlySet<string> = new Set<OfficerEvent['type']>([
  'OfficerRegistered', 'QualificationGranted', 'OfficerAssigned', 'RotationDeferred', 'WarningEducationAttended',
  'SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised', 'OfficerRecordCorrected',
]);

export const rotationScheduleProjection: Projection<RotationTables> = {
  name: 'rotation_schedule',
  version: 2,
  tables: {
    officers: { kind: 'entity' },
    holders: {
      kind: 'entity',
      columns: {
        unit_id: { type: 'TEXT', value: (h) => h.unitId },
        effective_due_on: { type: 'TEXT', value: (h) => h.effectiveDueOn },
      },
      // Covering the sort order (due date, then officer): a page is a range scan, no sort.
      indexes: [['effective_due_on', 'key'], ['unit_id', 'effective_due_on', 'key']],
    },
    units: { kind: 'entity' },
  },
  reduce(view, event) {
    if (event.type === 'UnitRegistered') return [put('units', event.data.unitId, { unitId: event.data.unitId, name: event.data.name })];
    if (!OFFICER_EVENT_TYPES.has(event.type)) return [];
    // Warning education never moves a rotation clock (and the kept state drops it): nothing to write.
    if (event.type === 'WarningEducationAttended') return [];
    const officerId = (event.data as { officerId: string }).officerId;
    const before = view.get('officers', officerId) ?? initialOfficerState;
    const after = compact(evolveOfficer(before, event as ProjectedEvent & OfficerEvent));
    const changes: Change<RotationTables>[] = [put('officers', officerId, after)];
    const previous = view.get('holders', officerId);
    const holder = holderOf(after, (unitId) => view.get('units', unitId)?.name ?? null);
    if (holder) changes.push(put('holders', officerId, holder));
    else if (previous) changes.push(remove('holders', officerId));
    return changes;
  },
};

/** The clock never looks back at past posts, warning education or corrections: drop them. */
function compact(state: OfficerState): OfficerState {
  if (!state.exists) return state;
  const last = state.postHistory[state.postHistory.length - 1];
  return {
    ...state,
    postHistory: last && last.to === null ? [last] : [],
    warningEducation: [],
    corrections: [],
  };
}

export function holderOf(officer: OfficerState, unitName: (unitId: string) => string | null = () => null): RotationHolder | null {
  if (!officer.exists || !officer.inService) return null;
  const { rotation, post } = officer;
  if (!rotation || !post) return null;
  // The domain's rotationDueOn (tenure start plus the period), without luxon: see dates.ts.
  const dueOn = rotation.deferrals.length === 0 ? rotation.dueOn : addMonthsFast(rotation.since, rotation.periodMonths);
  const deferredUntil = rotation.deferrals.length > 0 ? rotation.deferrals[rotation.deferrals.length - 1]!.until : null;
  return {
    officerId: officer.officerId,
    officerName: officer.name,
    postId: rotation.postId,
    postTitle: post.post.title,
    unitId: post.post.unitId,
    unitName: unitName(post.post.unitId),
    since: rotation.since,
    periodMonths: rotation.periodMonths,
    dueOn,
    deferredUntil,
    deferralCount: rotation.deferrals.length,
    effectiveDueOn: rotation.dueOn,
  };
}

export const rotationStatuses = ['overdue', 'due_soon', 'ok'] as const;
export type RotationStatus = (typeof rotationStatuses)[number];

export const DEFAULT_DUE_SOON_DAYS = 90;

/** Overdue once the due date has passed; due soon when it falls within the next `dueSoonDays` days. */
export function rotationStatus(effectiveDueOn: CalendarDate, today: CalendarDate, dueSoonDays = DEFAULT_DUE_SOON_DAYS): RotationStatus {
  return statusAgainst(effectiveDueOn, today, addDaysFast(today, dueSoonDays));
}

/** The same, with the last due-soon day worked out once for a whole schedule. */
export function statusAgainst(effectiveDueOn: CalendarDate, today: CalendarDate, lastDueSoon: CalendarDate): RotationStatus {
  if (effectiveDueOn < today) return 'overdue';
  if (effectiveDueOn <= lastDueSoon) return 'due_soon';
  return 'ok';
}

/** The range of effective due dates that has a status, for queries: [from, to], either end open. */
export function dueRangeOf(status: RotationStatus, today: CalendarDate, dueSoonDays = DEFAULT_DUE_SOON_DAYS): {
  from: CalendarDate | null; to: CalendarDate | null;
} {
  switch (status) {
    case 'overdue': return { from: null, to: addDaysFast(today, -1) };
    case 'due_soon': return { from: today, to: addDaysFast(today, dueSoonDays) };
    case 'ok': return { from: addDaysFast(today, dueSoonDays + 1), to: null };
  }
}
