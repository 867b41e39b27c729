import type { CalendarDate } from '../src/domain/shared/calendar.js';
import { addDaysFast, addMonthsFast } from './dates.js';
import { measuresFor, noMeasures, partiesOf, type AccountableParty, type CaseMeasures, type Measure } from './accountability-measures.js';
import { put, remove, type Change, type Projection, type ProjectionView } from './projection.js';
import { takesOutOfForce } from '../src/domain/shared/appeal-outcome.js';

// Accountability alerts (四必究): who must be held accountable for substantiated breaches.
//   bj-1  the officer who broke the rules (from the domain's AccountabilityFlagged, level officer);
//   bj-2  the head of that officer's unit (AccountabilityFlagged, level unit_head);
//   bj-3  the head of the agency, when one unit has three or more person-breaches within a year
//         ("一个执法机构三人次以上违反规定的"). A person-breach (人次) is one officer's breach in one
//         case: an officer flagged again in the same case is the same person-breach, while the same
//         officer in two cases is two (so they are not distinct officers). The domain flags bj-1 and
//         bj-2 case by case; bj-3 needs the unit's whole record, so this projection raises it. A
//         window is the calendar year ending on the day of a breach: from the day after the same
//         date a year before (addMonths(day, -12) + 1 day; 366 days when it spans 29 February)
//         (breaches are flagged on the day of the finding, so they mostly arrive in date order; a
//         finding made on paper and entered later arrives after later ones: see keepRecent). One alert
//         per episode: the breaches of the year after the alert was raised (up to addMonths(raised,
//         12) - 1 day) join it instead of raising another; after that a new episode can begin.
//   bj-4  the transport authority (交通运输主管部门), for a breach found serious with bad public
//         impact ("情节严重、造成恶劣影响的"): an officer's substantiated or partly substantiated
//         finding of severity `serious`, or `criminal` (a suspected crime is graver still; its
//         sanctions include those of a serious breach). One alert per officer and case, like bj-1.
//         Raised here from the finding's severity, which the domain's flag does not carry: the
//         finding comes first in the same append, and the officer's bj-1 flag then gives the unit.
// Each bj-1 and bj-2 alert also says what the case did about it (accountability-measures.ts): the
// sanctions in force and the interventions, or none (outstanding).
// Overdue verifications (due date passed, a subject still without a finding) depend on today's date: the alerts query
// reads them from the case register at query time.

/** Person-breaches (人次) in one unit within a window that escalate to the agency head. */
export const ESCALATION_THRESHOLD = 3;
/** A window, and an episode, last a calendar year. */
export const ESCALATION_WINDOW_MONTHS = 12;

/** The first day of the window ending on `day`: the day after the same date a year before. */
export function windowStart(day: CalendarDate): CalendarDate {
  return addDaysFast(addMonthsFast(day, -ESCALATION_WINDOW_MONTHS), 1);
}

/**
 * The last day of an episode raised on `raisedOn`: the last day whose window still reaches back to
 * it. Usually the day before the same date a year later; around a 29 February, month arithmetic
 * clamps, and the window's own definition decides (raised on 2020-02-29, the window ending
 * 2021-02-28 starts on 2020-02-29: the episode lasts until then).
 */
export function episodeEnd(raisedOn: CalendarDate): CalendarDate {
  let end = addDaysFast(addMonthsFast(raisedOn, ESCALATION_WINDOW_MONTHS), -1);
  for (let next = addDaysFast(end, 1); windowStart(next) <= raisedOn; next = addDaysFast(next, 1)) end = next;
  return end;
}

export type AccountabilityAlert = {
  alertId: string;
  ruleRef: 'bj-1' | 'bj-2' | 'bj-3' | 'bj-4';
  level: 'officer' | 'unit_head' | 'agency_head' | 'authority';
  unitId: string;
  /** Who is accountable: the officer (bj-1), the head of the unit when the breach happened (bj-2, null if none), null for bj-3 and bj-4. */
  accountableOfficerId: string | null;
  /** The officers whose breaches raised (or joined) the alert, each once. */
  officerIds: string[];
  caseIds: string[];
  raisedOn: CalendarDate;
  /** bj-3: the first and last breach day in the episode. */
  windowFrom: CalendarDate | null;
  windowTo: CalendarDate | null;
  /** bj-1, bj-2: what the case did about it (sanctions in force, interventions); empty: outstanding. Null for bj-3 and bj-4. */
  measures: Measure[] | null;
  position: string;
  recordedAt: string;
};

interface Breach {
  officerId: string;
  caseId: string;
  on: CalendarDate;
}

interface UnitBreaches {
  unitId: string;
  /** The breaches that can still fall in a window with a new one, in the order they arrived. */
  breaches: Breach[];
  /**
   * Whether their dates never decrease, as they do when findings arrive in date order: then the
   * expired breaches are the leading ones, and every breach is in the window of the latest.
   */
  inDateOrder: boolean;
  /** The bj-3 alert of the current (or last) episode, if any. */
  episode: Episode | null;
}

interface Episode {
  alertId: string;
  raisedOn: CalendarDate;
  /** The last day whose breaches join the alert. */
  until: CalendarDate;
  /**
   * How many leading breaches were in a window that raised or joined the alert: their officers and
   * cases are in it already, so joining need not look them up again.
   */
  joined: number;
}

/** A breach found serious (or criminal) whose bj-1 flag is still to come: it raises bj-4. */
interface SeriousFinding {
  severity: 'serious' | 'criminal';
}

export type AlertTables = {
  alerts: AccountabilityAlert;
  unitBreaches: UnitBreaches;
  /** Keyed `caseId|officerId`, from the finding until the officer's bj-1 flag that follows it. */
  seriousFindings: SeriousFinding;
  /** Per case: who its alerts hold to account and what was done about it. */
  caseMeasures: CaseMeasures;
};

/** The severities of a finding that hold the transport authority accountable (bj-4). */
const GRAVE: ReadonlySet<string> = new Set(['serious', 'criminal']);

export const accountabilityAlertsProjection: Projection<AlertTables> = {
  name: 'accountability_alerts',
  version: 6,
  eventTypes: new Set(['FindingRecorded', 'AccountabilityFlagged', 'InterventionHeld', 'SanctionImposed', 'AppealDecided']),
  tables: {
    alerts: {
      kind: 'entity',
      columns: {
        rule_ref: { type: 'TEXT', value: (a) => a.ruleRef },
        unit_id: { type: 'TEXT', value: (a) => a.unitId },
        raised_on: { type: 'TEXT', value: (a) => a.raisedOn },
        accountable_officer_id: { type: 'TEXT', value: (a) => a.accountableOfficerId },
        outstanding: { type: 'INTEGER', value: (a) => (a.measures === null ? null : a.measures.length === 0 ? 1 : 0) },
      },
      indexes: [['raised_on'], ['unit_id', 'raised_on']],
    },
    unitBreaches: { kind: 'entity' },
    seriousFindings: { kind: 'entity' },
    caseMeasures: { kind: 'entity' },
  },
  reduce(view, event) {
    switch (event.type) {
      case 'InterventionHeld': {
        const { caseId, officerId, kind } = event.data;
        const before = view.get('caseMeasures', caseId) ?? noMeasures;
        const after = { ...before, interventions: [...before.interventions, { officerId, kind }] };
        return measured(view, caseId, after, partiesOf(after, officerId, 'subject'));
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId, capacity, kind } = event.data;
        const before = view.get('caseMeasures', caseId) ?? noMeasures;
        const after = { ...before, sanctions: [...before.sanctions, { sanctionId, officerId, capacity, kind }] };
        return measured(view, caseId, after, partiesOf(after, officerId, capacity));
      }
      case 'AppealDecided': {
        const { caseId, sanctionId, outcome, replacementKind } = event.data;
        const before = view.get('caseMeasures', caseId);
        const sanction = before?.sanctions.find((s) => s.sanctionId === sanctionId);
        if (!before || !sanction || outcome === 'upheld') return [];
        const kind = takesOutOfForce(outcome, replacementKind) ? null : replacementKind;
        const after = { ...before, sanctions: before.sanctions.map((s) => (s === sanction ? { ...s, kind } : s)) };
        return measured(view, caseId, after, partiesOf(after, sanction.officerId, sanction.capacity));
      }
      default:
        break;
    }
    if (event.type === 'FindingRecorded') {
      const { caseId, officerIds, outcome, severity } = event.data;
      if (outcome === 'unfounded' || severity === null || !GRAVE.has(severity)) return [];
      return officerIds.map((officerId) => put('seriousFindings', `${caseId}|${officerId}`, { severity: severity as SeriousFinding['severity'] }));
    }
    if (event.type !== 'AccountabilityFlagged') return [];
    const { caseId, officerId, unitId, level, headOfficerId, flaggedOn } = event.data;
    const placed = { position: event.position.toString(), recordedAt: event.metadata.recordedAt };
    const party: AccountableParty = level === 'unit_head'
      ? { alertId: `bj-2|${caseId}|${officerId}`, officerId: headOfficerId, capacity: 'unit_head' }
      : { alertId: `bj-1|${caseId}|${officerId}`, officerId, capacity: 'subject' };
    const before = view.get('caseMeasures', caseId) ?? noMeasures;
    const after = { ...before, parties: [...before.parties.filter((p) => p.alertId !== party.alertId), party] };
    const changes: Change<AlertTables>[] = [put('alerts', party.alertId, {
      alertId: party.alertId, ruleRef: level === 'unit_head' ? 'bj-2' : 'bj-1', level, unitId, accountableOfficerId: party.officerId,
      officerIds: [officerId], caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null,
      measures: measuresFor(after, party), ...placed,
    }), put('caseMeasures', caseId, after)];
    if (level === 'unit_head') return changes;
    const seriousKey = `${caseId}|${officerId}`;
    if (view.get('seriousFindings', seriousKey)) {
      const bj4 = `bj-4|${caseId}|${officerId}`;
      changes.push(put('alerts', bj4, {
        alertId: bj4, ruleRef: 'bj-4', level: 'authority', unitId, accountableOfficerId: null, officerIds: [officerId],
        caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null, measures: null, ...placed,
      }), remove('seriousFindings', seriousKey));
    }

    const unit = view.get('unitBreaches', unitId) ?? { unitId, breaches: [], inDateOrder: true, episode: null };
    const recent = keepRecent(unit, windowStart(flaggedOn));
    const { breaches } = recent;
    const inDateOrder = recent.inDateOrder && (breaches.length === 0 || breaches[breaches.length - 1]!.on <= flaggedOn);
    breaches.push({ officerId, caseId, on: flaggedOn });
    let episode = unit.episode && withJoined(unit.episode, recent.joined);
    if (escalates(breaches, flaggedOn)) {
      const open = episode && flaggedOn <= episode.until ? view.get('alerts', episode.alertId) : undefined;
      if (open) {
        // Another unit's alert could in principle take over this key (ids are free text joined by
        // '|'): then no breach can be assumed to be in it.
        const from = open.unitId === unitId ? episode!.joined : 0;
        changes.push(put('alerts', open.alertId, joinAlert(open, breaches, from, flaggedOn)));
        episode = withJoined(episode!, leadingInWindow(breaches, from, flaggedOn));
      } else {
        const alert = raiseAlert(`bj-3|${unitId}|${caseId}|${officerId}`, unitId, breaches, flaggedOn, placed);
        changes.push(put('alerts', alert.alertId, alert));
        const until = episodeEnd(flaggedOn);
        episode = { alertId: alert.alertId, raisedOn: flaggedOn, until, joined: leadingInWindow(breaches, 0, flaggedOn) };
      }
    }
    changes.push(put('unitBreaches', unitId, { unitId, breaches, inDateOrder, episode }));
    return changes;
  },
};

// The reducer runs for every breach of a rebuild, while a unit holds a year's breaches and its
// open alert hundreds of cases. Rather than filter the whole window and rebuild sets of its officers
// and cases for each breach, the helpers below look only at the breaches they must (those expired,
// the latest few, those not yet in the alert). Their results are those of the plain definitions in
// their comments, whatever order dates arrive in (a test holds them to the plain reducer).

/**
 * A fresh array of the unit's breaches on or after `from` (older ones can no longer fall in a
 * window with a new breach: they are forgotten), and how many of its leading breaches joined the
 * episode's alert.
 */
function keepRecent(unit: Readonly<UnitBreaches>, from: CalendarDate): { breaches: Breach[]; inDateOrder: boolean; joined: number } {
  const joined = unit.episode?.joined ?? 0;
  if (unit.inDateOrder) {
    let expired = 0;
    while (expired < unit.breaches.length && unit.breaches[expired]!.on < from) expired++;
    return { breaches: unit.breaches.slice(expired), inDateOrder: true, joined: Math.max(0, joined - expired) };
  }
  const breaches: Breach[] = [];
  let inDateOrder = true;
  let joinedKept = 0;
  unit.breaches.forEach((b, i) => {
    if (b.on < from) return;
    if (breaches.length > 0 && breaches[breaches.length - 1]!.on > b.on) inDateOrder = false;
    if (i < joined) joinedKept++;
    breaches.push(b);
  });
  return { breaches, inDateOrder, joined: joinedKept };
}

/**
 * Whether the window ending on `day` holds ESCALATION_THRESHOLD person-breaches: breaches of
 * distinct (officer, case) pairs, the same officer in two cases counting twice. The breaches passed
 * are all within its start; looking from the latest, a few usually tell.
 */
function escalates(breaches: readonly Breach[], day: CalendarDate): boolean {
  const counted: Breach[] = [];
  for (let i = breaches.length - 1; i >= 0; i--) {
    const b = breaches[i]!;
    if (b.on > day || counted.some((c) => c.officerId === b.officerId && c.caseId === b.caseId)) continue;
    counted.push(b);
    if (counted.length >= ESCALATION_THRESHOLD) return true;
  }
  return false;
}

/** `joined`, extended over the following breaches that are in the window ending on `day`. */
function leadingInWindow(breaches: readonly Breach[], joined: number, day: CalendarDate): number {
  let n = Math.min(joined, breaches.length);
  while (n < breaches.length && breaches[n]!.on <= day) n++;
  return n;
}

/** A new bj-3 alert with every officer and case of the window ending on `day`, in arrival order. */
function raiseAlert(
  alertId: string, unitId: string, breaches: readonly Breach[], day: CalendarDate, placed: { position: string; recordedAt: string },
): AccountabilityAlert {
  const inWindow = breaches.filter((b) => b.on <= day);
  const first = inWindow.reduce((min, b) => (b.on < min ? b.on : min), day);
  return {
    alertId, ruleRef: 'bj-3', level: 'agency_head', unitId, accountableOfficerId: null, officerIds: [...new Set(inWindow.map((b) => b.officerId))],
    caseIds: [...new Set(inWindow.map((b) => b.caseId))], raisedOn: day, windowFrom: first, windowTo: day, measures: null, ...placed,
  };
}

/**
 * The open alert joined by the breaches of the window ending on `day`: the officers and cases it
 * lacks are appended in arrival order, as `[...new Set([...open.officerIds, ...window officers])]`
 * would (the alert's lists hold no repeats). Breaches before `from` are in it already: only the
 * others are looked up.
 */
function joinAlert(open: Readonly<AccountabilityAlert>, breaches: readonly Breach[], from: number, day: CalendarDate): AccountabilityAlert {
  const officerIds: string[] = [];
  const caseIds: string[] = [];
  for (let i = from; i < breaches.length; i++) {
    const b = breaches[i]!;
    if (b.on > day) continue;
    if (!open.officerIds.includes(b.officerId) && !officerIds.includes(b.officerId)) officerIds.push(b.officerId);
    if (!open.caseIds.includes(b.caseId) && !caseIds.includes(b.caseId)) caseIds.push(b.caseId);
  }
  // Written out rather than spread from `open`, in the same field order: V8 spreads a row that was
  // itself built by spreading ten times slower.
  return {
    alertId: open.alertId, ruleRef: open.ruleRef, level: open.level, unitId: open.unitId, accountableOfficerId: open.accountableOfficerId,
    officerIds: officerIds.length === 0 ? open.officerIds : [...open.officerIds, ...officerIds],
    caseIds: caseIds.length === 0 ? open.caseIds : [...open.caseIds, ...caseIds],
    raisedOn: open.raisedOn, windowFrom: open.windowFrom, windowTo: open.windowTo && open.windowTo > day ? open.windowTo : day,
    measures: open.measures, position: open.position, recordedAt: open.recordedAt,
  };
}

/** The case's measures kept, and the alerts of the parties they answer for brought up to date. */
function measured(view: ProjectionView<AlertTables>, caseId: string, after: CaseMeasures, parties: readonly AccountableParty[]): Change<AlertTables>[] {
  const changes: Change<AlertTables>[] = [put('caseMeasures', caseId, after)];
  for (const party of parties) {
    const alert = view.get('alerts', party.alertId);
    if (alert) changes.push(put('alerts', party.alertId, withMeasures(alert, measuresFor(after, party))));
  }
  return changes;
}

/** The alert with other measures (written out, as joinAlert's row is). */
function withMeasures(a: Readonly<AccountabilityAlert>, measures: Measure[]): AccountabilityAlert {
  return {
    alertId: a.alertId, ruleRef: a.ruleRef, level: a.level, unitId: a.unitId, accountableOfficerId: a.accountableOfficerId,
    officerIds: a.officerIds, caseIds: a.caseIds, raisedOn: a.raisedOn, windowFrom: a.windowFrom, windowTo: a.windowTo,
    measures, position: a.position, recordedAt: a.recordedAt,
  };
}

/** The episode with another count of joined breaches (written out, as above). */
function withJoined(episode: Readonly<Episode>, joined: number): Episode {
  return { alertId: episode.alertId, raisedOn: episode.raisedOn, until: episode.until, joined };
}
