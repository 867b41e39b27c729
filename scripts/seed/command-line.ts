import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedRegister } from './seed-register.js';

const seedUsage = 'npm run seed -- [--officers 300] [--units N] [--years 5] [--seed 2021] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--case-rate 0.3] [--paper-share 0.05] [--max-events N]';

/** `npm run seed -- …`: seeds the register of DATA_DIR (or EVENT_STORE=esdb), then builds its read models. */
export async function seedCommandLine(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        officers: { type: 'string' }, units: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, 'case-rate': { type: 'string' }, 'paper-share': { type: 'string' }, 'max-events': { type: 'string' },
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
  const notNumbers = (['officers', 'units', 'years', 'seed', 'case-rate', 'paper-share', 'max-events'] as const)
    .filter((name) => values[name] !== undefined && !(Number.isFinite(Number(values[name])) && Number(values[name]) >= 0 && values[name]!.trim() !== ''));
  if (notNumbers.length > 0) {
    process.stderr.write(`${notNumbers.map((name) => `--${name} must be a number, not "${values[name]}"`).join('\n')}\nusage: ${seedUsage}\n`);
    process.exitCode = 2;
    return;
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const { loadConfig } = await import('../../src/config.js');
  const { openEventStore } = await import('../../src/composition.js');
  const { withHashChain } = await import('../../src/integrity/hash-chained-store.js');
  const { createProjectionRunner } = await import('../../src/read-models/projection-runner.js');
  const { READ_MODEL_FILE } = await import('../../src/read-models/read-model-database.js');
  const { DataDirInUseError, holdDataDir } = await import('../../src/operations/data-dir-lock.js');
  const config = loadConfig();
  // The read models it builds live in DATA_DIR: a register running there would build them too.
  let lock;
  try {
    lock = holdDataDir(config.dataDir, 'a seed');
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
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
      from: values.from, to: values.to, caseRate: number(values['case-rate']), paperShare: number(values['paper-share']), maxEvents: number(values['max-events']),
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
    // The register must be started on the folder seeded: named unless it is the default (./data).
    const start = process.env.DATA_DIR === undefined || process.env.DATA_DIR === '' ? 'npm start' : `DATA_DIR=${shellWord(config.dataDir)} npm start`;
    process.stdout.write(`Read models built up to position ${runner.position()?.toString() ?? '-'}. Start the register with: ${start}\n`);
  } finally {
    await base.close();
    lock.release();
  }
}

/** A path as one word of a shell command line (quoted when it holds anything but plain characters). */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
