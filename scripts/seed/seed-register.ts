import { addDays } from '../../src/domain/shared/calendar.js';
import { dailyRoutine } from './bureau/daily-routine.js';
import { openBureau } from './bureau/first-day.js';
import type { SeedOptions, SeedReport } from './options.js';
import { planCampaignLedger } from './rectifications/campaign-ledger.js';
import { SeedRun } from './seed-run.js';

/** Progress is reported every this many simulated days (and once at the end). */
const PROGRESS_EVERY_DAYS = 30;

/**
 * Writes a generated bureau through the register's command path: the first day, then day after day
 * until `to` (or until `maxEvents`), each day's planned actions and routine run as one batch.
 */
export async function seedRegister(options: SeedOptions): Promise<SeedReport> {
  const run = new SeedRun(options);
  const { from, to, store, bureau } = run;
  await openBureau(run);
  planCampaignLedger(run);
  let lastDay = from;
  let dayNumber = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    run.clock.startDay(day);
    dayNumber += 1;
    await run.scheduler.runDay([...run.scheduler.takePlanned(day), ...dailyRoutine(run)]);
    lastDay = day;
    if (options.onProgress && dayNumber % PROGRESS_EVERY_DAYS === 0) options.onProgress({ day, events: store.appended, commands: run.commandCount });
    if (options.maxEvents !== undefined && store.appended >= options.maxEvents) break;
  }
  options.onProgress?.({ day: lastDay, events: store.appended, commands: run.commandCount });

  return {
    from, to, lastDay, units: bureau.units.length, officers: bureau.officers.size, cases: run.caseCount, commands: run.commandCount,
    events: store.appended, refused: run.scheduler.refused, lastPosition: run.lastPosition,
  };
}
