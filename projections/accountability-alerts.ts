import type { CalendarDate } from '../src/domain/shared/calendar.js';
import { addDaysFast } from './dates.js';
import { put, type Change, type Projection } from './projection.js';

// Accountability alerts (四必究): who must be held accountable for substantiated breaches.
//   bj-1  the officer who broke the rules (from the domain's AccountabilityFlagged, level officer);
//   bj-2  the head of that officer's unit (AccountabilityFlagged, level unit_head);
//   bj-3  the head of the agency, when three or more distinct officers of one unit have substantiated
//         breaches within a 365-day window. The domain flags bj-1 and bj-2 case by case; bj-3 needs
//         the unit's whole record, so this projection raises it. A window is the 365 days ending on
//         the day of a breach (breaches are flagged on the day of the finding, so they arrive in
//         date order). One alert per episode: the breaches of the 365 days after the alert was
//         raised join it instead of raising another; after that a new episode can begin.
// Overdue verifications (due date passed, no finding) depend on today's date: the alerts query
// reads them from the case register at query time.

export const ESCALATION_THRESHOLD = 3;
export const ESCALATION_WINDOW_DAYS = 365;

export type AccountabilityAlert = {
  alertId: string;
  ruleRef: 'bj-1' | 'bj-2' | 'bj-3';
  level: 'officer' | 'unit_head' | 'agency_head';
  unitId: string;
  /** Who is accountable: the officer (bj-1), the unit head on record (bj-2, null if none), null for bj-3. */
  accountableOfficerId: string | null;
  /** The officers whose breaches raised the alert. */
  officerIds: string[];
  caseIds: string[];
  raisedOn: CalendarDate;
  /** bj-3: the first and last breach day in the episode. */
  windowFrom: CalendarDate | null;
  windowTo: CalendarDate | null;
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
  breaches: Breach[];
  /** The bj-3 alert of the current (or last) episode, if any. */
  episode: { alertId: string; raisedOn: CalendarDate } | null;
}

export type AlertTables = {
  alerts: AccountabilityAlert;
  unitBreaches: UnitBreaches;
};

export const accountabilityAlertsProjection: Projection<AlertTables> = {
  name: 'accountability_alerts',
  version: 2,
  eventTypes: new Set(['AccountabilityFlagged']),
  tables: {
    alerts: {
      kind: 'entity',
      columns: {
        rule_ref: { type: 'TEXT', value: (a) => a.ruleRef },
        unit_id: { type: 'TEXT', value: (a) => a.unitId },
        raised_on: { type: 'TEXT', value: (a) => a.raisedOn },
        accountable_officer_id: { type: 'TEXT', value: (a) => a.accountableOfficerId },
      },
      indexes: [['raised_on'], ['unit_id', 'raised_on']],
    },
    unitBreaches: { kind: 'entity' },
  },
  reduce(view, event) {
    if (event.type !== 'AccountabilityFlagged') return [];
    const { caseId, officerId, unitId, level, headOfficerId, flaggedOn } = event.data;
    const placed = { position: event.position.toString(), recordedAt: event.metadata.recordedAt };
    if (level === 'unit_head') {
      const alertId = `bj-2|${caseId}|${officerId}`;
      return [put('alerts', alertId, {
        alertId, ruleRef: 'bj-2', level: 'unit_head', unitId, accountableOfficerId: headOfficerId, officerIds: [officerId],
        caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null, ...placed,
      })];
    }
    const bj1 = `bj-1|${caseId}|${officerId}`;
    const changes: Change<AlertTables>[] = [put('alerts', bj1, {
      alertId: bj1, ruleRef: 'bj-1', level: 'officer', unitId, accountableOfficerId: officerId, officerIds: [officerId],
      caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null, ...placed,
    })];

    const unit = view.get('unitBreaches', unitId) ?? { unitId, breaches: [], episode: null };
    const windowFrom = addDaysFast(flaggedOn, -(ESCALATION_WINDOW_DAYS - 1));
    // Older breaches can no longer fall in a window with a new one: forget them.
    const breaches = [...unit.breaches.filter((b) => b.on >= windowFrom), { officerId, caseId, on: flaggedOn }];
    const inWindow = breaches.filter((b) => b.on <= flaggedOn);
    const officers = [...new Set(inWindow.map((b) => b.officerId))];
    let episode = unit.episode;
    if (officers.length >= ESCALATION_THRESHOLD) {
      const open = episode && flaggedOn <= addDaysFast(episode.raisedOn, ESCALATION_WINDOW_DAYS - 1) ? view.get('alerts', episode.alertId) : undefined;
      if (open) {
        const windowTo = open.windowTo && open.windowTo > flaggedOn ? open.windowTo : flaggedOn;
        changes.push(put('alerts', open.alertId, {
          ...open,
          officerIds: [...new Set([...open.officerIds, ...officers])],
          caseIds: [...new Set([...open.caseIds, ...inWindow.map((b) => b.caseId)])],
          windowTo,
        }));
        episode = { alertId: open.alertId, raisedOn: episode!.raisedOn };
      } else {
        const alertId = `bj-3|${unitId}|${caseId}|${officerId}`;
        const first = inWindow.reduce((min, b) => (b.on < min ? b.on : min), flaggedOn);
        changes.push(put('alerts', alertId, {
          alertId, ruleRef: 'bj-3', level: 'agency_head', unitId, accountableOfficerId: null, officerIds: officers,
          caseIds: [...new Set(inWindow.map((b) => b.caseId))], raisedOn: flaggedOn, windowFrom: first, windowTo: flaggedOn, ...placed,
        }));
        episode = { alertId, raisedOn: flaggedOn };
      }
    }
    changes.push(put('unitBreaches', unitId, { unitId, breaches, episode }));
    return changes;
  },
};
