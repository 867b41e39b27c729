import type { CalendarDate } from '../shared/calendar.js';
import type { AssignmentReason, SanctionCapacity, SanctionKind } from '../shared/codes.js';
import type { PostSnapshot } from './events.js';
import { unitHistoryOf, type UnitHistory } from './unit-on.js';

// An officer (执法人员) as the register knows them: unit, qualification, the post they hold and
// its rotation clock, the sanctions that reached them, and whether they are still in service.

export interface Qualification {
  certificateNo: string;
  grantedOn: CalendarDate;
  /** The first grant of the holding this one renewed (a grant while qualified is a renewal): the officer was qualified from then. */
  heldSince: CalendarDate;
}

export interface PostHolding {
  post: PostSnapshot;
  since: CalendarDate;
  reason: AssignmentReason | 'sanction';
}

/** The rotation clock of a sensitive post (定期轮岗): runs while the officer holds that post. */
export interface RotationClock {
  postId: string;
  /** Start of the tenure: the holding's start, or an earlier one a return within 12 months continues. */
  since: CalendarDate;
  periodMonths: number;
  /** Tenure start plus the post's period, or the last deferral's date. */
  dueOn: CalendarDate;
  deferrals: { until: CalendarDate; reason: string; approvedBy: string }[];
}

export interface PostHistoryEntry {
  postId: string;
  unitId: string;
  title: string;
  from: CalendarDate;
  /** The day the officer left the post; null while they hold it. */
  to: CalendarDate | null;
  reason: AssignmentReason | 'sanction';
  /** Start of the tenure in this post: `from`, or an earlier start a return continued (OfficerAssigned.tenureSince). */
  tenureSince: CalendarDate;
}

export interface OfficerSanction {
  sanctionId: string;
  caseId: string;
  /** The kind in force: the imposed kind, or the lighter one an appeal replaced it with. */
  kind: SanctionKind;
  capacity: SanctionCapacity;
  /** When the kind in force took effect (a replacement: the day of the decision). */
  effectiveOn: CalendarDate;
  /** When the sanction as imposed took effect: a replacement keeps it (a bar counts from it). */
  imposedOn: CalendarDate;
  untilOn: CalendarDate | null;
  /** `completed` is an off-post training that has ended; `annulled` was set aside on appeal. */
  status: 'in_force' | 'completed' | 'annulled';
  /** The day an off-post training ended (`completed`); null otherwise. The officer was off post from `effectiveOn` until then. */
  completedOn: CalendarDate | null;
  /** The qualification this sanction revoked, restored if an appeal lifts the revocation. */
  revokedQualification: Qualification | null;
}

export interface Separation {
  kind: 'dismissal' | 'expulsion';
  sanctionId: string;
  effectiveOn: CalendarDate;
}

export interface Officer {
  exists: true;
  officerId: string;
  name: string;
  /** The unit the officer works in: that of their latest post, else the one registered. */
  unitId: string;
  registeredUnitId: string;
  /** Whether a post has ever set the unit (then a correction of the registered unit leaves it). */
  unitFromPost: boolean;
  hiredOn: CalendarDate;
  /** The id of the OfficerRegistered event: the only event a correction may name. */
  registrationEventId: string | null;
  inService: boolean;
  separation: Separation | null;
  qualification: Qualification | null;
  /** The day of the earliest qualification ever granted (a renewal or a revocation leaves it in the record); null before any. */
  firstQualifiedOn: CalendarDate | null;
  post: PostHolding | null;
  rotation: RotationClock | null;
  postHistory: PostHistoryEntry[];
  warningEducation: { attendedOn: CalendarDate; topic: string }[];
  sanctions: Record<string, OfficerSanction>;
  /** Appeal decisions already applied (by appeal id): re-applying one writes nothing. */
  appliedRevisions: string[];
  corrections: { correctsEventId: string; reason: string }[];
}

export type OfficerState = { exists: false } | Officer;

export const initialOfficerState: OfficerState = { exists: false };

/** Off-post trainings in force and not yet completed. */
export function trainingsInProgress(officer: Officer): OfficerSanction[] {
  return Object.values(officer.sanctions).filter((s) => s.kind === 'off_post_training' && s.status === 'in_force');
}

/**
 * The day of the officer's latest change of post: the current post's start, or the day the last post
 * was left. A later move is not dated before it, so the post history stays in order of its days.
 */
export function latestPostChange(officer: Officer): CalendarDate | null {
  if (officer.post) return officer.post.since;
  return officer.postHistory.at(-1)?.to ?? null;
}

/** What other aggregates' decisions need to know about an officer (looked up by the handler). */
export interface OfficerFacts {
  officerId: string;
  /** The unit they work in now. */
  unitId: string;
  /** The units they worked in, each from the day it began (`unitOn` reads the unit of a day). */
  units: UnitHistory;
  hiredOn: CalendarDate;
  inService: boolean;
  qualified: boolean;
  /** When the qualification held now was granted (null without one): it is not revoked before that. */
  qualifiedOn: CalendarDate | null;
  postId: string | null;
  /**
   * The officer's latest change of post: the day the current post began, or without one the day the
   * last post was left (null before any post). Post-moving sanctions are not dated before it.
   */
  postSince: CalendarDate | null;
  /** When a dismissal or expulsion took effect (null while in service): no breach is dated after it. */
  separatedOn: CalendarDate | null;
  /** The sanction (dismissal or expulsion) that ended service, null while in service. */
  separatedBy: string | null;
  /** When the latest off-post training still in progress began (null: none): no separation is dated before it, or that training could never be completed. */
  trainingSince: CalendarDate | null;
}

export function officerFacts(state: OfficerState): OfficerFacts | null {
  if (!state.exists) return null;
  return {
    officerId: state.officerId,
    unitId: state.unitId,
    units: unitHistoryOf(state),
    hiredOn: state.hiredOn,
    inService: state.inService,
    qualified: state.qualification !== null,
    qualifiedOn: state.qualification?.grantedOn ?? null,
    postId: state.post?.post.postId ?? null,
    postSince: latestPostChange(state),
    separatedOn: state.separation?.effectiveOn ?? null,
    separatedBy: state.separation?.sanctionId ?? null,
    trainingSince: trainingsInProgress(state).map((s) => s.effectiveOn).sort().at(-1) ?? null,
  };
}
