import { seededRandom } from '../fixtures/generated-history.js';
import t from 'tap';
import {
  ESCALATION_THRESHOLD, ESCALATION_WINDOW_MONTHS, accountabilityAlertsProjection, episodeEnd, type AccountabilityAlert,
} from '../../projections/accountability-alerts.js';
import { addDaysFast, addMonthsFast } from '../../projections/dates.js';
import { foldInMemory, put, type AnyProjection, type Change, type Projection } from '../../projections/projection.js';
import { EventLog } from '../fixtures/projection-events.js';

function flag(log: EventLog, caseId: string, officerId: string, unitId: string, on: string) {
  log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: on });
  log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'unit_head', headOfficerId: 'H1', ruleRef: 'bj-2', flaggedOn: on });
}

function alerts(log: EventLog): AccountabilityAlert[] {
  return [...foldInMemory(accountabilityAlertsProjection, log.projected).alerts!.values()] as AccountabilityAlert[];
}

t.test('every substantiated breach holds the officer and the unit head accountable', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-05-20');
  const all = alerts(log);
  t.same(all.map((a) => [a.ruleRef, a.level, a.accountableOfficerId]), [['bj-1', 'officer', 'O1'], ['bj-2', 'unit_head', 'H1']]);
});

function finding(log: EventLog, caseId: string, officerIds: string[], outcome: 'substantiated' | 'partly_substantiated' | 'unfounded', severity: 'minor' | 'serious' | 'criminal' | null, on: string) {
  log.add('FindingRecorded', { caseId, officerIds, outcome, severity, summary: '核实', recordedOn: on, late: false });
}

t.test('a breach found serious or criminal holds the transport authority accountable too (bj-4), per officer and case', async (t) => {
  // Given findings of each severity, each followed by its officers' flags as the domain writes them
  const log = new EventLog();
  finding(log, 'C1', ['O1', 'O2'], 'substantiated', 'serious', '2021-05-20');
  flag(log, 'C1', 'O1', 'U1', '2021-05-20');
  flag(log, 'C1', 'O2', 'U2', '2021-05-20');
  finding(log, 'C2', ['O3'], 'partly_substantiated', 'criminal', '2021-05-21');
  flag(log, 'C2', 'O3', 'U1', '2021-05-21');
  finding(log, 'C3', ['O4'], 'substantiated', 'minor', '2021-05-22');
  flag(log, 'C3', 'O4', 'U1', '2021-05-22');
  finding(log, 'C4', ['O5'], 'partly_substantiated', null, '2021-05-23');
  flag(log, 'C4', 'O5', 'U1', '2021-05-23');
  finding(log, 'C5', ['O6'], 'unfounded', 'serious', '2021-05-24');
  // Then each officer of a serious or criminal breach raises bj-4 in the unit of the breach; a minor
  // one, one without a severity and an unfounded report do not
  const bj4 = alerts(log).filter((a) => a.ruleRef === 'bj-4');
  t.same(bj4.map((a) => [a.alertId, a.level, a.unitId, a.accountableOfficerId, a.officerIds, a.caseIds, a.raisedOn]), [
    ['bj-4|C1|O1', 'authority', 'U1', null, ['O1'], ['C1'], '2021-05-20'],
    ['bj-4|C1|O2', 'authority', 'U2', null, ['O2'], ['C1'], '2021-05-20'],
    ['bj-4|C2|O3', 'authority', 'U1', null, ['O3'], ['C2'], '2021-05-21'],
  ]);
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-1').length, 5, 'bj-1 as before, for every substantiated breach');
  const state = foldInMemory(accountabilityAlertsProjection, log.projected);
  t.equal(state.seriousFindings!.size, 0, 'no note of a serious finding is kept once its officer was flagged');
});

t.test('a subject found later with a lesser severity in the same case raises no bj-4', async (t) => {
  const log = new EventLog();
  finding(log, 'C1', ['O1'], 'substantiated', 'serious', '2021-05-20');
  flag(log, 'C1', 'O1', 'U1', '2021-05-20');
  finding(log, 'C1', ['O2'], 'substantiated', 'minor', '2021-06-01');
  flag(log, 'C1', 'O2', 'U1', '2021-06-01');
  t.same(alerts(log).filter((a) => a.ruleRef === 'bj-4').map((a) => a.officerIds), [['O1']]);
});

function sanction(log: EventLog, caseId: string, sanctionId: string, officerId: string, kind: 'criticism_education' | 'off_post_training' | 'dismissal', capacity: 'subject' | 'unit_head' | 'responsible' = 'subject') {
  log.add('SanctionImposed', { caseId, sanctionId, officerId, kind, capacity, effectiveOn: '2021-06-01', basis: '八不准', untilOn: null, toPostId: null });
}

/** The SQL column the alerts route filters `outstanding` on. */
function outstandingColumn(alert: AccountabilityAlert): unknown {
  const spec = accountabilityAlertsProjection.tables.alerts;
  return spec.kind === 'entity' ? spec.columns?.outstanding?.value(alert) : undefined;
}

function measures(log: EventLog): Record<string, unknown> {
  return Object.fromEntries(alerts(log).map((a) => [a.alertId, a.measures]));
}

t.test('each bj-1 and bj-2 alert says what the case did about it; none: outstanding', async (t) => {
  // Given a reminder talk with O1 before the finding, and two subjects of U1 whose head is H1
  const log = new EventLog();
  log.add('InterventionHeld', { caseId: 'C1', officerId: 'O1', kind: 'reminder_talk', heldOn: '2021-05-10' });
  finding(log, 'C1', ['O1', 'O2'], 'substantiated', 'minor', '2021-05-20');
  flag(log, 'C1', 'O1', 'U1', '2021-05-20');
  flag(log, 'C1', 'O2', 'U1', '2021-05-20');
  t.same(measures(log), {
    'bj-1|C1|O1': ['reminder_talk'], 'bj-2|C1|O1': [], 'bj-1|C1|O2': [], 'bj-2|C1|O2': [],
  }, 'the talk held before the finding counts for O1; the rest is outstanding');
  // When O2 is sanctioned, H1 as unit head, and someone else as responsible
  sanction(log, 'C1', 'S1', 'O2', 'criticism_education');
  sanction(log, 'C1', 'S2', 'H1', 'criticism_education', 'unit_head');
  sanction(log, 'C1', 'S3', 'O1', 'off_post_training', 'responsible');
  // Then O2's bj-1 and both bj-2 alerts of H1 in the case are answered; O1's sanction as responsible is not a subject's
  t.same(measures(log), {
    'bj-1|C1|O1': ['reminder_talk'], 'bj-2|C1|O1': ['criticism_education'], 'bj-1|C1|O2': ['criticism_education'], 'bj-2|C1|O2': ['criticism_education'],
  });
  // When O2's sanction is annulled on appeal, and H1's upheld
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'annulled', decidedOn: '2021-06-20', replacementKind: null });
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A2', sanctionId: 'S2', outcome: 'upheld', decidedOn: '2021-06-20', replacementKind: null });
  t.same(measures(log)['bj-1|C1|O2'], [], 'an annulled sanction answers for nothing: outstanding again');
  t.same(measures(log)['bj-2|C1|O2'], ['criticism_education'], 'an upheld one stands');
  t.same(Object.fromEntries(alerts(log).map((a) => [a.alertId, outstandingColumn(a)])), { 'bj-1|C1|O1': 0, 'bj-2|C1|O1': 0, 'bj-1|C1|O2': 1, 'bj-2|C1|O2': 0 }, 'the outstanding column follows');
});

t.test('a sanction reduced on review answers as its replacement; a unit without a head stays outstanding; bj-3 and bj-4 carry none', async (t) => {
  const log = new EventLog();
  finding(log, 'C1', ['O1'], 'substantiated', 'serious', '2021-05-20');
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-05-20' });
  log.add('AccountabilityFlagged', { caseId: 'C1', officerId: 'O1', unitId: 'U1', level: 'unit_head', headOfficerId: null, ruleRef: 'bj-2', flaggedOn: '2021-05-20' });
  sanction(log, 'C1', 'S1', 'O1', 'dismissal');
  log.add('AppealDecided', { caseId: 'C1', appealId: 'A1', sanctionId: 'S1', outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education' });
  flag(log, 'C2', 'O2', 'U1', '2021-05-21');
  flag(log, 'C3', 'O3', 'U1', '2021-05-22');
  t.same(measures(log)['bj-1|C1|O1'], ['criticism_education'], 'the replacement in force');
  t.same(measures(log)['bj-2|C1|O1'], [], 'nobody to pursue until a head is on record: outstanding');
  t.same(alerts(log).filter((a) => a.ruleRef === 'bj-3' || a.ruleRef === 'bj-4').map((a) => [a.ruleRef, a.measures]), [['bj-4', null], ['bj-3', null]]);
});

t.test('three person-breaches (人次) of one unit within a year escalate to the agency head, once per episode', async (t) => {
  // Given O1's breaches in two cases of U1, and one in another unit
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-01-10');
  flag(log, 'C2', 'O1', 'U1', '2021-03-01');
  flag(log, 'C4', 'O9', 'U2', '2021-06-02');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 0, 'two person-breaches are not enough, nor a third in another unit');
  // When O2 breaches in a third case of U1 within a year of the first
  flag(log, 'C3', 'O2', 'U1', '2022-01-09');
  // Then three person-breaches by two officers escalate (the same officer in two cases counts twice)
  let bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.equal(bj3.length, 1, 'the third person-breach within a year (2021-01-10 .. 2022-01-09) escalates');
  t.same(bj3[0]!.officerIds, ['O1', 'O2']);
  t.same(bj3[0]!.caseIds, ['C1', 'C2', 'C3']);
  t.equal(bj3[0]!.level, 'agency_head');
  t.equal(bj3[0]!.windowFrom, '2021-01-10');
  // When a fourth breach follows, then it joins the open episode
  flag(log, 'C6', 'O4', 'U1', '2022-02-01');
  bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.equal(bj3.length, 1, 'a fourth breach joins the open episode');
  t.same(bj3[0]!.officerIds, ['O1', 'O2', 'O4']);
  t.equal(bj3[0]!.windowTo, '2022-02-01');
});

t.test('an episode lasts as long as windows reach back to the day it was raised, a 29 February too', async (t) => {
  t.equal(episodeEnd('2021-01-10'), '2022-01-09');
  t.equal(episodeEnd('2020-02-29'), '2021-02-28', 'the window ending 2021-02-28 starts on 2020-02-29');
  t.equal(episodeEnd('2019-03-01'), '2020-02-29', 'the window ending 2020-02-29 starts on 2019-03-01');
  for (let day = '2019-01-01'; day <= '2021-12-31'; day = addDaysFast(day, 1)) {
    if (episodeEnd(day) !== episodeEndByDefinition(day)) t.fail(`episodeEnd(${day}) = ${episodeEnd(day)}, by definition ${episodeEndByDefinition(day)}`);
  }
  // Given an alert raised on 2020-02-29, a breach on 2021-02-28 joins it
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2020-01-10');
  flag(log, 'C2', 'O2', 'U1', '2020-02-01');
  flag(log, 'C3', 'O3', 'U1', '2020-02-29');
  flag(log, 'C4', 'O4', 'U1', '2020-12-01');
  flag(log, 'C5', 'O5', 'U1', '2021-01-15');
  flag(log, 'C6', 'O6', 'U1', '2021-02-28');
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.equal(bj3.length, 1, 'still the episode of 2020-02-29');
  t.same(bj3[0]!.caseIds, ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
});

t.test('an officer flagged again in the same case is one person-breach', async (t) => {
  // Given O1 flagged twice in C1 (two findings of the case, say) and O2 once in C2
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-03-01');
  flag(log, 'C1', 'O1', 'U1', '2021-04-01');
  flag(log, 'C2', 'O2', 'U1', '2021-05-01');
  // Then that is two person-breaches: no escalation
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 0);
  // When O1 breaches again in another case, then the third person-breach escalates
  flag(log, 'C3', 'O1', 'U1', '2021-06-01');
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => [a.raisedOn, a.officerIds, a.caseIds]), [['2021-06-01', ['O1', 'O2'], ['C1', 'C2', 'C3']]]);
});

t.test('breaches more than a year apart do not escalate', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2020-01-01');
  flag(log, 'C2', 'O2', 'U1', '2020-06-01');
  flag(log, 'C3', 'O3', 'U1', '2021-01-01');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 0, 'the year ending 2021-01-01 begins on 2020-01-02');
  flag(log, 'C4', 'O4', 'U1', '2021-05-01');
  t.equal(alerts(log).filter((a) => a.ruleRef === 'bj-3').length, 1, 'O2, O3 and O4 fall within one window');
});

t.test('a year is a calendar year, 366 days when it holds 29 February', async (t) => {
  // Given breaches on the first and last days of 2020 (a leap year: 366 days)
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2020-01-01');
  flag(log, 'C2', 'O2', 'U1', '2020-06-01');
  flag(log, 'C3', 'O3', 'U1', '2020-12-31');
  // Then they are within a year: the window ending 2020-12-31 begins on 2020-01-01
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => [a.raisedOn, a.windowFrom]), [['2020-12-31', '2020-01-01']]);
  // And in 2021 (365 days) the same days are within a year too
  const plain = new EventLog();
  flag(plain, 'C1', 'O1', 'U1', '2021-01-01');
  flag(plain, 'C2', 'O2', 'U1', '2021-06-01');
  flag(plain, 'C3', 'O3', 'U1', '2021-12-31');
  t.equal(alerts(plain).filter((a) => a.ruleRef === 'bj-3').length, 1);
});

t.test('an episode lasts a calendar year: up to the day before the same date a year later', async (t) => {
  // Given an alert raised on 2020-01-10 (its year, 366 days, ends on 2021-01-09) and breaches that keep it going
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2019-11-01');
  flag(log, 'C2', 'O2', 'U1', '2019-12-01');
  flag(log, 'C3', 'O3', 'U1', '2020-01-10');
  flag(log, 'C4', 'O4', 'U1', '2020-06-01');
  flag(log, 'C5', 'O5', 'U1', '2020-09-01');
  // When a breach on 2021-01-09 escalates again
  flag(log, 'C6', 'O6', 'U1', '2021-01-09');
  // Then it joins the open episode rather than raising another
  let bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => [a.raisedOn, a.windowTo]), [['2020-01-10', '2021-01-09']]);
  // When one on 2021-01-10 escalates, then a new episode begins
  flag(log, 'C7', 'O7', 'U1', '2021-01-10');
  bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => [a.raisedOn, a.windowTo]), [['2020-01-10', '2021-01-09'], ['2021-01-10', '2021-01-10']]);
});

t.test('a later episode raises a new alert', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2019-01-01');
  flag(log, 'C2', 'O2', 'U1', '2019-02-01');
  flag(log, 'C3', 'O3', 'U1', '2019-03-01');
  flag(log, 'C4', 'O4', 'U1', '2021-01-01');
  flag(log, 'C5', 'O5', 'U1', '2021-02-01');
  flag(log, 'C6', 'O6', 'U1', '2021-03-01');
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  t.same(bj3.map((a) => a.officerIds), [['O1', 'O2', 'O3'], ['O4', 'O5', 'O6']]);
});

t.test('an episode lasts a year: a unit that keeps breaching gets a new alert each year', async (t) => {
  const log = new EventLog();
  const days = ['2020-01-10', '2020-03-10', '2020-05-10', '2020-09-10', '2021-01-08', '2021-01-09', '2021-03-10', '2021-06-10'];
  days.forEach((on, i) => flag(log, `C${i}`, `O${i % 3}`, 'U1', on));
  const bj3 = alerts(log).filter((a) => a.ruleRef === 'bj-3');
  // Raised on 2020-05-10; breaches up to 2021-05-09 join it; the one of 2021-06-10 opens a new
  // episode because its own year (from 2020-06-11) again holds three person-breaches.
  t.same(bj3.map((a) => [a.raisedOn, a.windowTo]), [['2020-05-10', '2021-03-10'], ['2021-06-10', '2021-06-10']]);
  t.same([...bj3[0]!.caseIds].sort(), ['C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
  t.same([...bj3[1]!.officerIds].sort(), ['O0', 'O1', 'O2']);
});

// The reducer keeps each unit's breaches and its open alert incrementally (see the helpers in the
// projection); it must put exactly the alert rows of the plain version it replaced, kept here as the
// reference: every event copies and filters the unit's whole window. (What escalates changed in both:
// person-breaches, not distinct officers; a calendar year, not 365 days.)

type ReferenceTables = {
  alerts: AccountabilityAlert;
  unitBreaches: {
    unitId: string;
    breaches: { officerId: string; caseId: string; on: string }[];
    episode: { alertId: string; raisedOn: string } | null;
  };
};

/** The last day whose window (from the day after the same date a year before) still includes `raisedOn`, by scanning. */
function episodeEndByDefinition(raisedOn: string): string {
  let last = raisedOn;
  for (let day = raisedOn; day <= addMonthsFast(raisedOn, 13); day = addDaysFast(day, 1)) {
    if (addDaysFast(addMonthsFast(day, -ESCALATION_WINDOW_MONTHS), 1) <= raisedOn) last = day;
  }
  return last;
}

const referenceProjection: Projection<ReferenceTables> = {
  name: 'accountability_alerts_reference',
  version: 2,
  tables: { alerts: accountabilityAlertsProjection.tables.alerts, unitBreaches: { kind: 'entity' } },
  reduce(view, event) {
    if (event.type !== 'AccountabilityFlagged') return [];
    const { caseId, officerId, unitId, level, headOfficerId, flaggedOn } = event.data;
    const placed = { position: event.position.toString(), recordedAt: event.metadata.recordedAt };
    if (level === 'unit_head') {
      const alertId = `bj-2|${caseId}|${officerId}`;
      return [put('alerts', alertId, {
        alertId, ruleRef: 'bj-2', level: 'unit_head', unitId, accountableOfficerId: headOfficerId, officerIds: [officerId],
        caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null, measures: [], ...placed,
      })];
    }
    const bj1 = `bj-1|${caseId}|${officerId}`;
    const changes: Change<ReferenceTables>[] = [put('alerts', bj1, {
      alertId: bj1, ruleRef: 'bj-1', level: 'officer', unitId, accountableOfficerId: officerId, officerIds: [officerId],
      caseIds: [caseId], raisedOn: flaggedOn, windowFrom: null, windowTo: null, measures: [], ...placed,
    })];

    const unit = view.get('unitBreaches', unitId) ?? { unitId, breaches: [], episode: null };
    const windowFrom = addDaysFast(addMonthsFast(flaggedOn, -ESCALATION_WINDOW_MONTHS), 1);
    const breaches = [...unit.breaches.filter((b) => b.on >= windowFrom), { officerId, caseId, on: flaggedOn }];
    const inWindow = breaches.filter((b) => b.on <= flaggedOn);
    const officers = [...new Set(inWindow.map((b) => b.officerId))];
    const personBreaches = new Set(inWindow.map((b) => JSON.stringify([b.officerId, b.caseId])));
    let episode = unit.episode;
    if (personBreaches.size >= ESCALATION_THRESHOLD) {
      const lastDay = episode && episodeEndByDefinition(episode.raisedOn);
      const open = episode && flaggedOn <= lastDay! ? view.get('alerts', episode.alertId) : undefined;
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
          caseIds: [...new Set(inWindow.map((b) => b.caseId))], raisedOn: flaggedOn, windowFrom: first, windowTo: flaggedOn, measures: null, ...placed,
        }));
        episode = { alertId, raisedOn: flaggedOn };
      }
    }
    changes.push(put('unitBreaches', unitId, { unitId, breaches, episode }));
    return changes;
  },
};


/**
 * Findings across a few units: days advance by 0-25 days (a third fall on the same day as the one
 * before), now and then by a year or more (so episodes close); some cases hold two officers, some
 * findings come for an officer of an older case; with `outOfOrder`, one in ten is dated up to 400
 * days back.
 */
function randomFindings(seed: number, options: { findings: number; outOfOrder: boolean }): EventLog {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const units = ['U1', 'U2', 'U3'];
  const officersOf = (unitId: string) => ['A', 'B', 'C', 'D', 'E', 'F'].map((o) => `${unitId}-${o}`);
  const log = new EventLog();
  const cases: { caseId: string; unitId: string }[] = [];
  let day = '2019-01-01';
  for (let n = 0; n < options.findings; n++) {
    const roll = random();
    if (roll > 0.97) day = addDaysFast(day, 300 + Math.floor(random() * 200));
    else if (roll > 0.33) day = addDaysFast(day, 1 + Math.floor(random() * 25));
    const on = options.outOfOrder && random() < 0.1 ? addDaysFast(day, -Math.floor(random() * 400)) : day;
    const older = cases.length > 0 && random() < 0.1 ? pick(cases) : undefined;
    const { caseId, unitId } = older ?? { caseId: `C${n}`, unitId: pick(units) };
    if (!older) cases.push({ caseId, unitId });
    const subjects = random() < 0.2 ? [pick(officersOf(unitId)), pick(officersOf(unitId))] : [pick(officersOf(unitId))];
    for (const officerId of new Set(subjects)) {
      log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: on });
      if (random() < 0.9) {
        log.add('AccountabilityFlagged', { caseId, officerId, unitId, level: 'unit_head', headOfficerId: `${unitId}-head`, ruleRef: 'bj-2', flaggedOn: on });
      }
    }
  }
  return log;
}

/** The alert rows of both reducers, in key order, with each row's JSON (field order included). */
function bothAlerts(log: EventLog) {
  const events = log.projected;
  const rows = (projection: AnyProjection) => [...foldInMemory(projection, events).alerts!.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as [string, AccountabilityAlert][];
  const actual = rows(accountabilityAlertsProjection);
  const expected = rows(referenceProjection);
  return { actual, expected, json: (entries: [string, AccountabilityAlert][]) => entries.map(([key, row]) => `${key}\t${JSON.stringify(row)}`) };
}

t.test('puts exactly the alert rows of the plain reducer, for random findings in date order', async (t) => {
  for (const seed of [1, 2, 3, 4]) {
    const log = randomFindings(seed, { findings: 300, outOfOrder: false });
    const pairs = log.projected.flatMap((e) => (e.type === 'AccountabilityFlagged' && e.data.level === 'officer' ? [`${e.data.officerId}/${e.data.caseId}`] : []));
    t.ok(new Set(pairs).size < pairs.length, `seed ${seed}: some officer is flagged twice in one case`);
    const { actual, expected, json } = bothAlerts(log);
    t.strictSame(actual, expected, `seed ${seed}`);
    t.strictSame(json(actual), json(expected), `seed ${seed}: the same JSON, field order included`);
    const bj3 = actual.filter(([, a]) => a.ruleRef === 'bj-3').map(([, a]) => a);
    t.ok(bj3.length >= 3 && bj3.some((a) => a.windowTo! > a.raisedOn), `seed ${seed}: episodes are raised and joined (${bj3.length} bj-3 alerts)`);
  }
});

t.test('puts exactly the alert rows of the plain reducer when findings arrive out of date order', async (t) => {
  for (const seed of [5, 6, 7, 8]) {
    const { actual, expected, json } = bothAlerts(randomFindings(seed, { findings: 300, outOfOrder: true }));
    t.strictSame(actual, expected, `seed ${seed}`);
    t.strictSame(json(actual), json(expected), `seed ${seed}: the same JSON, field order included`);
  }
});

t.test('two units whose alert ids coincide (ids are free text joined by "|") still match the plain reducer', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O2', 'U1', '2021-01-01');
  flag(log, 'C2', 'O3', 'U1', '2021-01-02');
  flag(log, 'X|C9', 'O1', 'U1', '2021-01-03'); // raises bj-3|U1|X|C9|O1
  flag(log, 'D1', 'P2', 'U1|X', '2021-01-04');
  flag(log, 'D2', 'P3', 'U1|X', '2021-01-05');
  flag(log, 'C9', 'O1', 'U1|X', '2021-01-06'); // raises the same id, over U1's alert
  flag(log, 'C3', 'O4', 'U1', '2021-01-07'); // U1 joins the alert now raised by U1|X
  flag(log, 'D3', 'P4', 'U1|X', '2021-01-08');
  flag(log, 'C4', 'O5', 'U1', '2021-01-09');
  flag(log, 'D4', 'P2', 'U1|X', '2021-01-10');
  const { actual, expected, json } = bothAlerts(log);
  t.strictSame(actual, expected);
  t.strictSame(json(actual), json(expected));
  t.same(actual.find(([key]) => key === 'bj-3|U1|X|C9|O1')![1].caseIds, ['D1', 'D2', 'C9', 'C1', 'C2', 'X|C9', 'C3', 'D3', 'C4', 'D4']);
});

t.test('a finding dated back joins the episode past a later breach that did not, as in the plain reducer', async (t) => {
  const log = new EventLog();
  flag(log, 'C1', 'O1', 'U1', '2021-01-01');
  flag(log, 'C2', 'O2', 'U1', '2021-02-01');
  flag(log, 'C3', 'O3', 'U1', '2021-03-01'); // raises; the episode runs to 2022-02-28
  flag(log, 'C4', 'O6', 'U1', '2021-04-01');
  flag(log, 'C5', 'O7', 'U1', '2021-05-01');
  flag(log, 'C4', 'O6', 'U1', '2022-03-20'); // O6 again in C4: two person-breaches in its window, no escalation
  flag(log, 'C7', 'O5', 'U1', '2021-06-01'); // dated back: O6, O7 and O5 escalate, joining the episode
  flag(log, 'C8', 'O8', 'U1', '2022-03-25'); // after the episode: a new one
  const { actual, expected, json } = bothAlerts(log);
  t.strictSame(actual, expected);
  t.strictSame(json(actual), json(expected));
  const bj3 = actual.filter(([, a]) => a.ruleRef === 'bj-3').map(([, a]) => a);
  t.same(bj3.map((a) => [a.raisedOn, a.caseIds]), [['2021-03-01', ['C1', 'C2', 'C3', 'C4', 'C5', 'C7']], ['2022-03-25', ['C4', 'C5', 'C7', 'C8']]]);
});
