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
import { addDays, addMonths, type CalendarDate } from '../src/domain/shared/calendar.js';
import { HR } from './seed/actors.js';
import { active, newOfficer, type OfficerModel } from './seed/bureau/model.js';
import type { Planned } from './seed/day-scheduler.js';
import type { SeedOptions, SeedReport } from './seed/options.js';
import { personName } from './seed/person-name.js';
import { assign } from './seed/officers/assignment.js';
import { rotateOrDefer, takeOverPost } from './seed/officers/rotation.js';
import { SeedRun } from './seed/seed-run.js';
import { reportCase } from './seed/cases/report.js';
import { DESK_POST, ENFORCEMENT_POST, GIVEN, SENSITIVE_POSTS, TOWNS, UNIT_NAMES, WARNING_TOPICS } from './seed/vocabulary.js';

export type { SeedOptions, SeedProgress, SeedReport } from './seed/options.js';

export async function seedRegister(options: SeedOptions): Promise<SeedReport> {
  const run = new SeedRun(options);
  const { rnd, commands, store, bureau, from, to, officerCount, unitCount, caseRate } = run;
  const { officers, posts, units } = bureau;
  const plan = (on: CalendarDate, action: Planned) => run.plan(on, action);
  const context = (actor: Actor) => run.context(actor);
  const written = (result: WriteResult) => run.written(result);
  const name = () => personName(rnd);
  const postOf = (o: OfficerModel) => bureau.postOf(o);
  const runDay = (actions: Planned[]) => run.scheduler.runDay(actions);

  // --- the bureau on the first day ----------------------------------------------------------------

  for (let i = 0; i < unitCount; i++) {
    const unitName = i < UNIT_NAMES.length ? UNIT_NAMES[i]! : `${TOWNS[(i - UNIT_NAMES.length) % TOWNS.length]}交通管理站${i >= UNIT_NAMES.length + TOWNS.length ? Math.floor(i / TOWNS.length) : ''}`;
    const id = `U${String(i + 1).padStart(2, '0')}`;
    units.push({ id, name: unitName, headId: null, officers: [], sensitivePosts: [], enforcementPost: `${id}-ENF`, deskPost: `${id}-DESK` });
  }
  for (let i = 0; i < officerCount; i++) {
    const unit = units[i % unitCount]!;
    const id = run.nextOfficerId();
    officers.set(id, newOfficer(id, name(), unit.id));
    unit.officers.push(id);
  }
  for (const unit of units) {
    const sensitive = Math.max(2, Math.ceil(unit.officers.length * 0.15));
    for (let s = 0; s < sensitive; s++) {
      const kind = SENSITIVE_POSTS[s % SENSITIVE_POSTS.length]!;
      const id = `${unit.id}-S${String(s + 1).padStart(2, '0')}`;
      posts.set(id, { id, unitId: unit.id, title: `${kind.title}${s >= SENSITIVE_POSTS.length ? Math.floor(s / SENSITIVE_POSTS.length) + 1 : ''}`, enforcement: kind.enforcement, sensitive: true, months: kind.months });
      unit.sensitivePosts.push(id);
    }
    posts.set(unit.enforcementPost, { id: unit.enforcementPost, unitId: unit.id, title: ENFORCEMENT_POST, enforcement: true, sensitive: false, months: null });
    posts.set(unit.deskPost, { id: unit.deskPost, unitId: unit.id, title: DESK_POST, enforcement: false, sensitive: false, months: null });
  }

  const setup: Planned[] = [];
  for (const unit of units) {
    setup.push(() => ({ key: `unit-${unit.id}`, execute: async () => { written(await commands.registerUnit({ unitId: unit.id, name: unit.name }, context(HR))); } }));
  }
  await runDay(setup);
  const registrations: Planned[] = [];
  const hiredOn = new Map<string, CalendarDate>();
  const qualifiedOn = new Map<string, CalendarDate>();
  for (const o of officers.values()) {
    const hired = addDays(from, -rnd.int(365, 365 * 20));
    hiredOn.set(o.id, hired);
    registrations.push(() => ({
      key: o.id,
      execute: async () => { written(await commands.registerOfficer({ officerId: o.id, name: o.name, unitId: o.unitId, hiredOn: hired }, context(HR))); },
    }));
    if (rnd.chance(0.9)) {
      const drawn = addDays(hired, rnd.int(30, 300));
      const grantedOn = drawn < from ? drawn : from;
      qualifiedOn.set(o.id, grantedOn);
      registrations.push(() => ({
        key: o.id,
        execute: async () => { written(await commands.grantQualification({ certificateNo: `豫交执${grantedOn.slice(0, 4)}${o.id.slice(1)}`, grantedOn }, o.id, context(HR))); },
        settle: (ok) => { o.qualified = ok; },
      }));
    }
    if (rnd.chance(0.005)) {
      // A registration typed wrong, corrected a few weeks later.
      plan(addDays(from, rnd.int(5, 40)), () => ({
        key: o.id,
        execute: async () => {
          const [registration] = await store.readStream(`officer-${o.id}`, { maxCount: 1 });
          written(await commands.correctOfficer({ correctsEventId: registration!.id, reason: '姓名录入错误，据身份证更正', changes: { name: `${o.name}${rnd.pick(GIVEN)}` } }, o.id, context(HR)));
        },
      }));
    }
  }
  for (const post of posts.values()) {
    registrations.push(() => ({
      key: `post-${post.id}`,
      execute: async () => {
        written(await commands.definePost({
          postId: post.id, unitId: post.unitId, title: post.title, enforcement: post.enforcement, sensitive: post.sensitive,
          ...(post.months ? { rotationPeriodMonths: post.months } : {}),
        }, context(HR)));
      },
    }));
  }
  await runDay(registrations);

  const heads: Planned[] = units.map((unit) => () => {
    const headId = unit.officers[0];
    if (!headId) return null;
    return {
      key: `unit-${unit.id}`,
      execute: async () => { written(await commands.appointUnitHead({ officerId: headId, effectiveOn: from }, unit.id, context(HR))); },
      settle: (ok) => { if (ok) unit.headId = headId; },
    };
  });
  await runDay(heads);

  const initial: Planned[] = [];
  for (const unit of units) {
    const members = unit.officers.map((id) => officers.get(id)!);
    const qualified = members.filter((o) => o.qualified);
    const holders = new Set<string>();
    unit.sensitivePosts.forEach((postId, i) => {
      const post = posts.get(postId)!;
      const holder = (post.enforcement ? qualified : members)[i + 1];
      if (!holder || holders.has(holder.id)) return;
      holders.add(holder.id);
      // Not before the officer was hired, nor (for an enforcement post) before they were qualified.
      const hired = post.enforcement ? qualifiedOn.get(holder.id)! : hiredOn.get(holder.id)!;
      const earliest = hired > addMonths(from, -72) ? hired : addMonths(from, -72);
      const since = addDays(earliest, rnd.int(0, Math.max(0, Math.round((Date.parse(from) - Date.parse(earliest)) / 86_400_000))));
      initial.push(() => assign(run, holder, post, since <= from ? since : from, 'appointment'));
    });
    for (const o of members) {
      if (holders.has(o.id)) continue;
      const post = posts.get(o.qualified ? unit.enforcementPost : unit.deskPost)!;
      const hired = o.qualified ? qualifiedOn.get(o.id)! : hiredOn.get(o.id)!;
      initial.push(() => assign(run, o, post, hired > addMonths(from, -24) ? hired : addMonths(from, -24), 'appointment'));
    }
  }
  await runDay(initial);

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
