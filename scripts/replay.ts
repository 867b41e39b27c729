// `npm run replay`: rebuilds every read model from position zero of the log into fresh storage and
// prints a digest of each. When the register's own read models (DATA_DIR/read-models.db) stand at
// the same position, their digests are printed beside them and must be equal: that is how an
// auditor checks that what the register shows is exactly what its log says.
//
//   npm run replay                 rebuild into a temporary directory, compare, remove it
//   npm run replay -- --out FILE   keep the rebuilt read models in FILE
//
// The log is opened read-only, as export and verify open it: a replay never writes to DATA_DIR (a
// mistyped one is named, not created with an empty log in it). Exit 0: every live read model
// equals its rebuild (or there is none to compare); 2: some differ; 1: the replay could not run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeLocation, LogLocationError, logLocation, openLogForReading } from '../src/integrity/open-log.js';
import { resolveDataDir } from '../src/operations/script-environment.js';
import { digestReadModels } from '../src/read-models/digest.js';
import { READ_MODEL_FILE, openReadModelDatabase } from '../src/read-models/read-model-database.js';
import { rebuildReadModels } from '../src/read-models/rebuild.js';
import { allProjections } from '../projections/index.js';

const usage = 'npm run replay [-- --out FILE]: rebuild every read model from the log, print their digests, compare with DATA_DIR/read-models.db';

async function main(): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${usage}\n`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const location = logLocation();
  const dataDir = resolveDataDir(undefined);
  const store = await openLogForReading(location);
  const scratch = values.out ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'register-replay-'));
  const target = values.out ? path.resolve(values.out) : path.join(scratch!, READ_MODEL_FILE);
  const tty = process.stdout.isTTY;
  try {
    const rebuilt = await rebuildReadModels({
      store,
      path: target,
      ...(location.kind === 'sqlite' ? { logFile: location.path } : {}),
      onProgress: ({ events }) => {
        const line = `replaying: ${events} events`;
        process.stdout.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stdout.write('\n');
    const rate = Math.round(rebuilt.events / (rebuilt.ms / 1000));
    process.stdout.write(`Rebuilt ${allProjections.length} read models of ${describeLocation(location)} from ${rebuilt.events} events (up to position ${rebuilt.position ?? '-'}) in ${(rebuilt.ms / 1000).toFixed(1)} s, ${rate} events/s.\n`);
    const digests = digestReadModels(rebuilt.database);
    rebuilt.database.close();

    const livePath = path.join(dataDir, READ_MODEL_FILE);
    let live: Record<string, string> | null = null;
    let livePosition: bigint | null = null;
    if (fs.existsSync(livePath)) {
      const database = openReadModelDatabase({ path: livePath, projections: allProjections, readonly: true });
      livePosition = database.checkpoint();
      if (!database.current) process.stdout.write('The live read models were built by another version of the projections: the register rebuilds them when it starts.\n');
      else if (livePosition === rebuilt.position) live = digestReadModels(database);
      database.close();
    }
    const width = Math.max(...allProjections.map((p) => p.name.length));
    let differ = 0;
    for (const projection of allProjections) {
      const digest = digests[projection.name]!;
      const note = live === null ? '' : live[projection.name] === digest ? '  = live' : `  ≠ live ${live[projection.name]}`;
      if (live !== null && live[projection.name] !== digest) differ += 1;
      process.stdout.write(`${projection.name.padEnd(width)}  ${digest}${note}\n`);
    }
    if (!fs.existsSync(livePath)) process.stdout.write(`No live read models at ${livePath} to compare with.\n`);
    else if (live === null) process.stdout.write(`The live read models stand at position ${livePosition ?? '-'}, the log at ${rebuilt.position ?? '-'}: not compared (let the register catch up, or stop it, and replay again).\n`);
    else if (differ === 0) process.stdout.write('Every live read model equals its rebuild.\n');
    else process.stdout.write(`${differ} live read model(s) differ from the rebuild.\n`);
    if (values.out) process.stdout.write(`Rebuilt read models kept in ${target}\n`);
    return differ === 0 ? 0 : 2;
  } finally {
    await store.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  // The log not found or not the register's (LogLocationError, a newer schema, not SQLite) is said in a line; anything else with its stack.
  const expected = error instanceof LogLocationError || (error instanceof Error && ['UnsupportedSchemaVersionError', 'SqliteError'].includes(error.name));
  process.stderr.write(`replay could not run: ${error instanceof Error ? (expected ? error.message : error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
