// `npm run seed`: a realistic county transport bureau written through the register's own command
// path (createCommandService: the same decisions, rules and appends as the HTTP API), day by day over
// years of simulated time: units and posts, officers with Chinese names, assignments and rotations
// of sensitive posts, deferrals, warning education, and cases of every category and channel through
// verification, evidence, interventions, findings, sanctions, appeals, corrections and closure.
//
//   npm run seed -- --officers 300 --years 5 --seed 2021
//
// The same seed and dates write the same bureau (ids the register assigns, such as case ids, are
// random). Each simulated day's commands run with that day as the server's clock (ctx.now), so no
// date is ever in the future of its record time. Tests and benchmarks import seedRegister().
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Actor, WriteResult } from '../src/application/command-context.js';
import { addDays } from '../src/domain/shared/calendar.js';
import { HR } from './seed/actors.js';
import { active, type OfficerModel } from './seed/bureau/model.js';
import type { Planned } from './seed/day-scheduler.js';
import type { SeedOptions, SeedReport } from './seed/options.js';
import { rotateOrDefer, takeOverPost } from './seed/officers/rotation.js';
import { SeedRun } from './seed/seed-run.js';
import { openBureau } from './seed/bureau/first-day.js';
import { reportCase } from './seed/cases/report.js';
import { WARNING_TOPICS } from './seed/vocabulary.js';

export type { SeedOptions, SeedProgress, SeedReport } from './seed/options.js';

export async function seedRegister(options: SeedOptions): Promise<SeedReport> {
  const run = new SeedRun(options);
  const { rnd, commands, store, bureau, from, to, caseRate } = run;
  const { officers, posts, units } = bureau;
  const context = (actor: Actor) => run.context(actor);
  const written = (result: WriteResult) => run.written(result);
  const postOf = (o: OfficerModel) => bureau.postOf(o);
  const runDay = (actions: Planned[]) => run.scheduler.runDay(actions);

  await openBureau(run);

  // --- the days -----------------------------------------------------------------------------------

  let lastDay = from;
  const progressEvery = 30;
  let dayNumber = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    run.clock.startDay(day);
    dayNumber += 1;
    const actions = run.scheduler.takePlanned(day);
    const month = Number(day.slice(5, 7));
    const date = Number(day.slice(8, 10));
    const all = [...officers.values()];
    // Sensitive posts: rotation when due (or a deferral), the post then goes to a colleague.
    for (const o of all) {
      if (o.dueOn !== null && o.dueOn <= day && postOf(o)?.sensitive && active(o) && rnd.chance(1 / 40)) actions.push(rotateOrDefer(run, o));
    }
    // On the first of each month, sensitive posts left empty (dismissal, a sanction, a refused
    // successor) are given to a colleague of the unit.
    if (date === 1) {
      const held = new Set<string>();
      for (const o of all) if (o.inService && o.postId) held.add(o.postId);
      for (const unit of units) {
        for (const postId of unit.sensitivePosts) if (!held.has(postId)) actions.push(takeOverPost(run, posts.get(postId)!));
      }
    }
    // Warning education: quarterly for holders of sensitive posts, every May for everyone.
    if (date === 8 && month % 3 === 0) {
      const topic = rnd.pick(WARNING_TOPICS);
      for (const o of all) {
        if (postOf(o)?.sensitive && o.inService) {
          actions.push(() => ({ key: o.id, execute: async () => { written(await commands.recordWarningEducation({ attendedOn: day, topic }, o.id, context(HR))); } }));
        }
      }
    }
    if (month === 5 && date === 18) {
      for (const o of all) {
        if (o.inService) actions.push(() => ({ key: o.id, execute: async () => { written(await commands.recordWarningEducation({ attendedOn: day, topic: '交通运输执法领域失信行为专项整治动员暨警示教育大会' }, o.id, context(HR))); } }));
      }
    }
    // Unit heads change now and then.
    for (const unit of units) {
      if (rnd.chance(1 / 1000)) {
        const candidates = unit.officers.filter((id) => id !== unit.headId && officers.get(id)!.inService);
        if (candidates.length > 0) {
          const headId = rnd.pick(candidates);
          actions.push(() => ({
            key: `unit-${unit.id}`,
            execute: async () => { written(await commands.appointUnitHead({ officerId: headId, effectiveOn: day }, unit.id, context(HR))); },
            settle: (ok) => { if (ok) unit.headId = headId; },
          }));
        }
      }
    }
    // New reports.
    let inService = 0;
    for (const o of all) if (o.inService) inService += 1;
    for (let n = rnd.poisson((inService * caseRate) / 365); n > 0; n--) actions.push(reportCase(run));

    await runDay(actions);
    lastDay = day;
    if (options.onProgress && dayNumber % progressEvery === 0) options.onProgress({ day, events: store.appended, commands: run.commandCount });
    if (options.maxEvents !== undefined && store.appended >= options.maxEvents) break;
  }
  options.onProgress?.({ day: lastDay, events: store.appended, commands: run.commandCount });

  return {
    from, to, lastDay, units: units.length, officers: officers.size, cases: run.caseCount, commands: run.commandCount,
    events: store.appended, refused: run.scheduler.refused, lastPosition: run.lastPosition,
  };
}

// --- the command line ---------------------------------------------------------------------------

const seedUsage = 'npm run seed -- [--officers 300] [--units N] [--years 5] [--seed 2021] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--case-rate 0.3] [--max-events N]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        officers: { type: 'string' }, units: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, 'case-rate': { type: 'string' }, 'max-events': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${seedUsage}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${seedUsage}\n`
      + 'Writes a generated bureau into the register of DATA_DIR (or EVENT_STORE=esdb) through the command path; the store must be empty.\n');
    return;
  }
  // Checked before the store is opened: `--officers abc` would otherwise seed an empty bureau (NaN officers) and exit 0.
  const notNumbers = (['officers', 'units', 'years', 'seed', 'case-rate', 'max-events'] as const)
    .filter((name) => values[name] !== undefined && !(Number.isFinite(Number(values[name])) && Number(values[name]) >= 0 && values[name]!.trim() !== ''));
  if (notNumbers.length > 0) {
    process.stderr.write(`${notNumbers.map((name) => `--${name} must be a number, not "${values[name]}"`).join('\n')}\nusage: ${seedUsage}\n`);
    process.exitCode = 2;
    return;
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const { loadConfig } = await import('../src/config.js');
  const { openEventStore } = await import('../src/composition.js');
  const { withHashChain } = await import('../src/integrity/hash-chained-store.js');
  const { createProjectionRunner } = await import('../src/read-models/projection-runner.js');
  const { READ_MODEL_FILE } = await import('../src/read-models/read-model-database.js');
  const config = loadConfig();
  const base = await openEventStore(config);
  try {
    if ((await base.headPosition()) !== null) {
      process.stderr.write('The store already holds events: seed a fresh DATA_DIR (or an empty EventStoreDB).\n');
      process.exitCode = 1;
      return;
    }
    const store = withHashChain(base);
    const tty = process.stdout.isTTY;
    const started = performance.now();
    const report = await seedRegister({
      store,
      seed: number(values.seed), officers: number(values.officers), units: number(values.units), years: number(values.years),
      from: values.from, to: values.to, caseRate: number(values['case-rate']), maxEvents: number(values['max-events']),
      timezone: config.bureauTimezone, sanctionBarMonths: config.sanctionBarMonths,
      onProgress: ({ day, events, commands }) => {
        const line = `seeding: ${day}  ${events} events  ${commands} commands`;
        process.stdout.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stdout.write('\n');
    process.stdout.write(`Seeded ${report.units} units, ${report.officers} officers, ${report.cases} cases: ${report.events} events from ${report.from} to ${report.lastDay} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
    const refusals = Object.entries(report.refused);
    if (refusals.length > 0) process.stdout.write(`Refused by the register's rules (kept out of the log): ${refusals.map(([rule, n]) => `${rule} ${n}`).join(', ')}\n`);
    const runner = createProjectionRunner({ store, database: { path: join(config.dataDir, READ_MODEL_FILE) }, batchSize: 5_000 });
    runner.start();
    await runner.waitUntilCaughtUp(600_000);
    await runner.stop();
    process.stdout.write(`Read models built up to position ${runner.position()?.toString() ?? '-'}. Start the register with: npm start\n`);
  } finally {
    await base.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
