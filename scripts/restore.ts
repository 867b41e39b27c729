// npm run restore -- --from FILE [--data-dir DIR] [--json]
// Restores a backup (FILE and FILE.manifest.json, as npm run backup writes them) into an empty
// DATA_DIR: checks its bytes, SQLite's integrity, the log's digest and every hash chain and seal,
// and rebuilds the read models. Refuses (exit 2, nothing written) a non-empty DATA_DIR or a backup
// that fails any check.
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import { BackupError } from '../src/operations/backup.js';
import { restoreBackup, RestoreRefusedError } from '../src/operations/restore.js';
import { embeddedDataDir } from '../src/operations/script-environment.js';

const usage = 'usage: npm run restore -- --from FILE [--data-dir DIR] [--json]';

async function main(): Promise<number> {
  let values: { from?: string; 'data-dir'?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.from) {
    console.error(`--from FILE is required\n${usage}`);
    return 2;
  }
  const target = embeddedDataDir(values['data-dir'], usage);
  if ('refusal' in target) {
    console.error(target.refusal);
    return 2;
  }
  const { dataDir } = target;
  const started = Date.now();
  const result = await restoreBackup({
    from: values.from,
    dataDir,
    phases: (label, options) => createProgress(`restore ${label}`, options),
  });
  if (values.json) {
    console.log(JSON.stringify(result));
  } else {
    console.log([
      `Restored ${values.from} into ${result.dataDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  log:         ${result.events} events up to position ${result.lastPosition ?? 'none'}, digest ${result.digest} (matches the manifest)`,
      `  verified:    ${result.verified.events} events in ${result.verified.streams} streams, ${result.verified.seals} seal(s): every chain and seal matches`,
      `  read models: rebuilt from ${result.readModels.events} events`,
      ...Object.entries(result.readModels.digests).map(([name, digest]) => `    ${name.padEnd(24)} ${digest}`),
      `  idempotency records: ${result.idempotencyRestored ? 'restored' : 'none in the backup'}`,
      `Start the register on it: DATA_DIR=${result.dataDir} npm start`,
    ].join('\n'));
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  if (error instanceof RestoreRefusedError || error instanceof BackupError) console.error(`restore refused: ${error.message}`);
  else console.error(`restore failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 2;
});
