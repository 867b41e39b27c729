import { reportCase } from '../cases/report.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import { rotateOrDefer, takeOverPost } from '../officers/rotation.js';
import { warningEducation } from '../officers/warning-education.js';
import type { SeedRun } from '../seed-run.js';
import { active, type OfficerModel } from './model.js';

/**
 * What the bureau does of itself on the simulated day, besides what earlier days planned for it:
 * rotations that fall due, sensitive posts left empty filled on the first of the month, warning
 * education, now and then a new unit head, and the day's new reports. The parts draw their random
 * numbers in this order, on the officers as they were at the start of the day.
 */
export function dailyRoutine(run: SeedRun): Planned[] {
  const officers = [...run.bureau.officers.values()];
  return [
    ...rotationsDue(run, officers),
    ...(run.day.slice(8, 10) === '01' ? vacantSensitivePosts(run, officers) : []),
    ...warningEducation(run, officers),
    ...unitHeadChanges(run),
    ...newReports(run, officers),
  ];
}

/** Sensitive posts: rotation when due (or a deferral), the post then goes to a colleague. */
function rotationsDue(run: SeedRun, officers: readonly OfficerModel[]): Planned[] {
  const due: Planned[] = [];
  for (const o of officers) {
    if (o.dueOn !== null && o.dueOn <= run.day && run.bureau.postOf(o)?.sensitive && active(o) && run.rnd.chance(1 / 40)) due.push(rotateOrDefer(run, o));
  }
  return due;
}

/** Sensitive posts left empty (dismissal, a sanction, a refused successor) are given to a colleague of the unit. */
function vacantSensitivePosts(run: SeedRun, officers: readonly OfficerModel[]): Planned[] {
  const held = new Set<string>();
  for (const o of officers) if (o.inService && o.postId) held.add(o.postId);
  const fills: Planned[] = [];
  for (const unit of run.bureau.units) {
    for (const postId of unit.sensitivePosts) if (!held.has(postId)) fills.push(takeOverPost(run, run.bureau.posts.get(postId)!));
  }
  return fills;
}

/** Unit heads change now and then: another officer of the unit in service. */
function unitHeadChanges(run: SeedRun): Planned[] {
  const { rnd, bureau } = run;
  const appointments: Planned[] = [];
  for (const unit of bureau.units) {
    if (rnd.chance(1 / 1000)) {
      const candidates = unit.officers.filter((id) => id !== unit.headId && bureau.officers.get(id)!.inService);
      if (candidates.length > 0) {
        const headId = rnd.pick(candidates);
        appointments.push(() => hrStep(run, `unit-${unit.id}`, (ctx) => run.commands.appointUnitHead({ officerId: headId, effectiveOn: run.day }, unit.id, ctx), (ok) => {
          if (ok) unit.headId = headId;
        }));
      }
    }
  }
  return appointments;
}

/** New reports: on average `caseRate` a year for each officer in service. */
function newReports(run: SeedRun, officers: readonly OfficerModel[]): Planned[] {
  let inService = 0;
  for (const o of officers) if (o.inService) inService += 1;
  const reports: Planned[] = [];
  for (let n = run.rnd.poisson((inService * run.caseRate) / 365); n > 0; n--) reports.push(reportCase(run));
  return reports;
}
