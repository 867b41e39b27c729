import { evolveOfficer, type OfficerEvent } from '../src/domain/officer/evolve.js';
import { initialOfficerState, trainingsInProgress, type Officer, type OfficerSanction, type OfficerState } from '../src/domain/officer/state.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';
import { addDaysFast, addMonthsFast } from './dates.js';
import type { ProjectedEvent } from './projected-event.js';
import { put, remove, type Change, type Projection } from './projection.js';

// Rotation schedule (定期轮岗): everyone holding a sensitive post, since when, when rotation is due
// and until when it was deferred. The rotation clock is the domain's own (evolveOfficer: a
// sensitive post starts it, a deferral moves it, any move off the post ends it, a change of the post
// held moves or stops it), so the schedule always agrees with what the register enforces. `since` is the start of the tenure: on a return
// to a post left less than 12 months earlier, the earlier start, which the assignment decision
// wrote in the event (OfficerAssigned.tenureSince), so nothing here looks back at past posts.
// Status depends on today's date and is computed when the schedule is read, never stored. Each row
// also says when the holder last attended warning education (the work plan's 经常性警示教育 for
// holders of sensitive posts), so HR can list who has had none since a day, and whether the holder
// is in off-post training (离岗培训: a training sanction in force, not yet completed): they keep the
// post, so their rotation falls due as anyone's, but no assignment can move them until the training
// is completed (409 off_post_training_in_progress), so HR sees why and until when.

export interface RotationHolder {
  officerId: string;
  officerName: string;
  postId: string;
  postTitle: string;
  unitId: string;
  /** Kept with the row so that reading the schedule needs no join (units are never renamed). */
  unitName: string | null;
  /** Start of the tenure in this post (an earlier start when a return within 12 months continued it). */
  since: CalendarDate;
  periodMonths: number;
  /** Tenure start plus the post's rotation period. */
  dueOn: CalendarDate;
  /** The latest approved deferral, if any: rotation is then due on this date instead. */
  deferredUntil: CalendarDate | null;
  deferralCount: number;
  /** `deferredUntil ?? dueOn`: what the status is computed from. */
  effectiveDueOn: CalendarDate;
  /** The latest day the officer attended warning education (警示教育), whenever; null: never recorded. */
  lastWarningEducationOn: CalendarDate | null;
  /** The day the off-post training the holder is in began (of several, the earliest); null: in none. */
  offPostTrainingSince: CalendarDate | null;
  /**
   * The training's planned end, as imposed or as a review or appeal decision set it (of several, the
   * latest); null when in none, or when it has none (it lasts until its completion is recorded).
   */
  offPostTrainingUntil: CalendarDate | null;
}

export type RotationTables = {
  /**
   * The domain's officer state, without the lists the clock never needs (kept small). A change of a
   * post finds the officers on it here (`post.post.postId`: read-models/queries/post-holders-query.ts).
   */
  officers: OfficerState;
  holders: RotationHolder;
  /** Unit names, by id. */
  units: { unitId: string; name: string };
};

/** The officer events that change the kept state: all of them (warning education: its latest day). */
const KEPT_EVENT_TYPES: ReadonlySet<string> = new Set<OfficerEvent['type']>([
  'OfficerRegistered', 'QualificationGranted', 'OfficerAssigned', 'RotationDeferred', 'WarningEducationAttended',
  'SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised', 'OfficerRecordCorrected', 'HeldPostChanged',
]);

/** The events that change an officer's sanctions, and so whether they are in off-post training. */
const SANCTION_EVENT_TYPES: ReadonlySet<string> = new Set<OfficerEvent['type']>(['SanctionTookEffect', 'OffPostTrainingCompleted', 'SanctionRevised']);

export const rotationScheduleProjection: Projection<RotationTables> = {
  name: 'rotation_schedule',
  // 3: a return within 12 months continues the earlier tenure (OfficerAssigned.tenureSince); the
  // kept post history entry carries its tenure start.
  // 4: a kept sanction carries the day it was imposed (imposedOn).
  // 5: a reassignment that names no post moves the officer off an enforcement post.
  // 6: officers' unit now and whether in service, as columns (HR's list of officers reads them).
  // 7: a kept sanction carries the day an off-post training ended (completedOn).
  // 8: the kept state carries the day of the first qualification granted (firstQualifiedOn).
  // 9: a kept qualification carries the first grant of the holding it renews (heldSince).
  // 10: a row carries the holder's latest warning education (lastWarningEducationOn), as a column.
  // 11: a change of a post reaches its holders (HeldPostChanged): a post become sensitive puts them on
  // the schedule from the start of their tenure, one no longer sensitive takes them off, a new period
  // moves their due dates. Only that rare event is added: nothing more is read or written for others.
  // 12: officers' name, post and whether qualified, as columns, with indexes on unit and post (the roster filters on them).
  // 12 also: a row says whether the holder is in off-post training, since and until when (offPostTrainingSince, offPostTrainingUntil).
  version: 12,
  // Two events in three (cases, findings) change nothing here: not asked.
  eventTypes: new Set(['UnitRegistered', ...KEPT_EVENT_TYPES]),
  tables: {
    officers: {
      kind: 'entity',
      columns: {
        unit_id: { type: 'TEXT', value: (o) => (o.exists ? o.unitId : null) },
        in_service: { type: 'INTEGER', value: (o) => (o.exists && o.inService ? 1 : 0) },
        name: { type: 'TEXT', value: (o) => (o.exists ? o.name : null) },
        post_id: { type: 'TEXT', value: (o) => (o.exists ? o.post?.post.postId ?? null : null) },
        qualified: { type: 'INTEGER', value: (o) => (o.exists && o.qualification ? 1 : 0) },
      },
      indexes: [['unit_id'], ['post_id']],
    },
    holders: {
      kind: 'entity',
      columns: {
        unit_id: { type: 'TEXT', value: (h) => h.unitId },
        effective_due_on: { type: 'TEXT', value: (h) => h.effectiveDueOn },
        last_warning_education_on: { type: 'TEXT', value: (h) => h.lastWarningEducationOn },
      },
      // Covering the sort order (due date, then officer): a page is a range scan, no sort.
      indexes: [['effective_due_on', 'key'], ['unit_id', 'effective_due_on', 'key']],
    },
    units: { kind: 'entity' },
  },
  reduce(view, event) {
    if (event.type === 'UnitRegistered') return [put('units', event.data.unitId, { unitId: event.data.unitId, name: event.data.name })];
    if (!KEPT_EVENT_TYPES.has(event.type)) return [];
    const officerId = (event.data as { officerId: string }).officerId;
    const before = view.get('officers', officerId) ?? initialOfficerState;
    const after = evolveKept(before, event as ProjectedEvent & OfficerEvent);
    const changes: Change<RotationTables>[] = [put('officers', officerId, after)];
    // Holder rows are only written here, with the state they come from: the state before tells
    // whether there is one, without reading it.
    if (!holdsClock(after)) {
      if (holdsClock(before)) changes.push(remove('holders', officerId));
      return changes;
    }
    const unitName = (unitId: string) => view.get('units', unitId)?.name ?? null;
    const previous = holdsClock(before) && sameClock(before, after) ? view.get('holders', officerId) : undefined;
    if (previous) {
      // The row would be the same again, but for the name of a unit registered since it was written,
      // the latest warning education and (after an event about a sanction) the training in progress.
      const name = unitName(previous.unitId);
      const educated = lastWarningEducationOn(after);
      const training = SANCTION_EVENT_TYPES.has(event.type) ? offPostTraining(after) : { since: previous.offPostTrainingSince, until: previous.offPostTrainingUntil };
      if (name !== previous.unitName || educated !== previous.lastWarningEducationOn
        || training.since !== previous.offPostTrainingSince || training.until !== previous.offPostTrainingUntil) {
        changes.push(put('holders', officerId, {
          ...previous, unitName: name, lastWarningEducationOn: educated, offPostTrainingSince: training.since, offPostTrainingUntil: training.until,
        }));
      }
      return changes;
    }
    changes.push(put('holders', officerId, holderOf(after, unitName)!));
    return changes;
  },
};

/** Whether holderOf gives the state a row: an officer in service, on a post with a rotation clock. */
function holdsClock(state: OfficerState): boolean {
  return state.exists && state.inService && !!state.rotation && !!state.post;
}

/**
 * Whether two states give the same holder row (holderOf reads no more than this). The domain
 * keeps the post and the clock objects of a state it does not change, so comparing them is enough.
 */
function sameClock(before: OfficerState, after: OfficerState): boolean {
  return before.exists && after.exists && before.post === after.post && before.rotation === after.rotation
    && before.inService === after.inService && before.name === after.name && before.officerId === after.officerId;
}

/**
 * evolveOfficer, from a kept state to the next kept state. An event about a sanction reads and
 * writes only the sanction it names, so evolveOfficer gets the state with that sanction alone and
 * the officer's others are put back around its answer: evolveOfficer would copy them all into a
 * plain object, and a plain object with a new set of keys (sanction ids are all distinct) costs V8
 * a new hidden class each time, microseconds an event.
 */
function evolveKept(before: OfficerState, event: ProjectedEvent & OfficerEvent): OfficerState {
  const sanctionId = (event.data as { sanctionId?: string }).sanctionId;
  if (!before.exists || sanctionId === undefined) return kept(evolveOfficer(before, event), before);
  // A plain object, so that looking up a sanction it does not hold answers what the whole record would.
  const named: Record<string, OfficerSanction> = Object.hasOwn(before.sanctions, sanctionId) ? { [sanctionId]: before.sanctions[sanctionId]! } : {};
  // An officer who exists stays one.
  const after = evolveOfficer({ ...before, sanctions: named }, event) as Officer;
  return kept(after, before, after.sanctions === named ? before.sanctions : merged(before.sanctions, after.sanctions));
}

/**
 * `{ ...a, ...b }` in an object without a prototype, which V8 keeps as a hash table (no hidden
 * classes); its keys, their order and its JSON are those of the plain object.
 */
function merged<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(a)) record[key] = a[key]!;
  for (const key of Object.keys(b)) record[key] = b[key]!;
  return record;
}

/** The warning education of the latest day (entries come in the order recorded, not by day). */
function latestEducation(entries: Officer['warningEducation']): Officer['warningEducation'][number] | undefined {
  let latest = entries[0];
  for (const entry of entries) if (entry.attendedOn > latest!.attendedOn) latest = entry;
  return latest;
}

/**
 * The off-post training the officer is in (trainings in force and not completed, as the assignment's
 * refusal counts them): since the earliest start, until the latest planned end (none when one has no
 * planned end).
 */
export function offPostTraining(state: OfficerState): { since: CalendarDate | null; until: CalendarDate | null } {
  if (!state.exists) return { since: null, until: null };
  let since: CalendarDate | null = null;
  let until: CalendarDate | null = null;
  let open = false;
  for (const training of trainingsInProgress(state)) {
    if (since === null || training.effectiveOn < since) since = training.effectiveOn;
    if (training.untilOn === null) open = true;
    else if (until === null || training.untilOn > until) until = training.untilOn;
  }
  return { since, until: open ? null : until };
}

export function lastWarningEducationOn(state: OfficerState): CalendarDate | null {
  return state.exists ? latestEducation(state.warningEducation)?.attendedOn ?? null : null;
}

/**
 * The kept state. The clock never looks back at past posts or corrections: they are dropped (a list
 * the event left as it was is dropped already: kept as is, unread); of warning education, only the
 * latest day's entry is kept, for the row. The state is
 * written out field by field, in the domain's order (the order of its JSON): every kept state then
 * has one hidden class and all its fields in one object, and evolveOfficer's copies of it stay fast.
 */
function kept(state: OfficerState, before: OfficerState, sanctions?: Record<string, OfficerSanction>): OfficerState {
  if (!state.exists) return state;
  const previous = before.exists ? before : null;
  let postHistory = state.postHistory;
  if (postHistory !== previous?.postHistory) {
    const last = postHistory[postHistory.length - 1];
    postHistory = last && last.to === null ? [last] : [];
  }
  return {
    exists: true,
    officerId: state.officerId,
    name: state.name,
    unitId: state.unitId,
    registeredUnitId: state.registeredUnitId,
    unitFromPost: state.unitFromPost,
    hiredOn: state.hiredOn,
    registrationEventId: state.registrationEventId,
    inService: state.inService,
    separation: state.separation,
    qualification: state.qualification,
    firstQualifiedOn: state.firstQualifiedOn,
    post: state.post,
    rotation: state.rotation,
    postHistory,
    warningEducation: state.warningEducation === previous?.warningEducation ? state.warningEducation : latestOnly(state.warningEducation),
    sanctions: sanctions ?? state.sanctions,
    appliedRevisions: state.appliedRevisions,
    corrections: state.corrections === previous?.corrections ? state.corrections : [],
  };
}

function latestOnly(entries: Officer['warningEducation']): Officer['warningEducation'] {
  return entries.length <= 1 ? entries : [latestEducation(entries)!];
}

export function holderOf(officer: OfficerState, unitName: (unitId: string) => string | null = () => null): RotationHolder | null {
  if (!officer.exists || !officer.inService) return null;
  const { rotation, post } = officer;
  if (!rotation || !post) return null;
  // The domain's rotationDueOn (tenure start plus the period), without luxon: see dates.ts.
  const dueOn = rotation.deferrals.length === 0 ? rotation.dueOn : addMonthsFast(rotation.since, rotation.periodMonths);
  const deferredUntil = rotation.deferrals.length > 0 ? rotation.deferrals[rotation.deferrals.length - 1]!.until : null;
  const training = offPostTraining(officer);
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
    lastWarningEducationOn: lastWarningEducationOn(officer),
    offPostTrainingSince: training.since,
    offPostTrainingUntil: training.until,
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
