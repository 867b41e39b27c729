import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import type { SeedRun } from '../seed-run.js';
import { WARNING_TOPICS } from '../vocabulary.js';

const ANNUAL_TOPIC = '交通运输执法领域失信行为专项整治动员暨警示教育大会';

/**
 * Warning education (警示教育) on the day, for the officers given: on the 8th of March, June,
 * September and December holders of sensitive posts attend a session on one topic; on 18 May
 * everyone in service attends the bureau's annual rally.
 */
export function warningEducation(run: SeedRun, officers: readonly OfficerModel[]): Planned[] {
  const month = Number(run.day.slice(5, 7));
  const date = Number(run.day.slice(8, 10));
  const sessions: Planned[] = [];
  if (date === 8 && month % 3 === 0) {
    const topic = run.rnd.pick(WARNING_TOPICS);
    for (const o of officers) {
      if (run.bureau.postOf(o)?.sensitive && o.inService) sessions.push(attend(run, o, topic));
    }
  }
  if (month === 5 && date === 18) {
    for (const o of officers) {
      if (o.inService) sessions.push(attend(run, o, ANNUAL_TOPIC));
    }
  }
  return sessions;
}

function attend(run: SeedRun, o: OfficerModel, topic: string): Planned {
  return () => hrStep(run, o.id, (ctx) => run.commands.recordWarningEducation({ attendedOn: run.day, topic }, o.id, ctx));
}
