// The seed's own picture of the bureau, kept from what the register accepted, so that it chooses
// commands that make sense (a rotation for an officer whose term is due, a sanction for one in
// service). The register stays the judge: a command the picture gets wrong is refused and counted.
import type { CalendarDate } from '../../../src/domain/shared/calendar.js';

export interface OfficerModel {
  id: string;
  name: string;
  unitId: string;
  qualified: boolean;
  inService: boolean;
  postId: string | null;
  dueOn: CalendarDate | null;
  deferred: boolean;
  trainingUntil: CalendarDate | null;
  /** Until then a reassignment or loss of qualification that stands keeps the officer off enforcement posts. */
  barredUntil: CalendarDate | null;
  /** A recruit's hiring day (the first day's officers were all hired years before it). */
  hiredOn?: CalendarDate;
}

export interface PostModel {
  id: string;
  unitId: string;
  title: string;
  enforcement: boolean;
  sensitive: boolean;
  months: number | null;
}

export interface UnitModel {
  id: string;
  name: string;
  headId: string | null;
  officers: string[];
  sensitivePosts: string[];
  enforcementPost: string;
  deskPost: string;
}

export class BureauModel {
  readonly officers = new Map<string, OfficerModel>();
  readonly posts = new Map<string, PostModel>();
  /** In the order they were registered: the seed draws from this list. */
  readonly units: UnitModel[] = [];

  postOf(o: OfficerModel): PostModel | null {
    return o.postId ? this.posts.get(o.postId) ?? null : null;
  }

  unit(unitId: string): UnitModel {
    return this.units.find((u) => u.id === unitId)!;
  }
}

/** A new officer: in service, on no post, not yet qualified. */
export function newOfficer(id: string, name: string, unitId: string): OfficerModel {
  return {
    id, name, unitId, qualified: false, inService: true, postId: null, dueOn: null, deferred: false, trainingUntil: null,
    barredUntil: null,
  };
}

/** In service and not away on off-post training. */
export function active(o: OfficerModel): boolean {
  return o.inService && o.trainingUntil === null;
}

/** Whether the officer may take an enforcement post on `day`: qualified, and no sanction's bar applies. */
export function mayEnforce(o: OfficerModel, day: CalendarDate): boolean {
  return o.qualified && (o.barredUntil === null || o.barredUntil <= day);
}
