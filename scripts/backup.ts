// npm run backup -- --out FILE [--data-dir DIR] [--skip-verify] [--json]
// An online, consistent copy of the embedded store (the register may keep serving), with
// FILE.manifest.json beside it (and FILE.idempotency.db). Exit 0: backup written and verified;
// 1: backup written but the log did not verify (kept as evidence); 2: no backup was written.
import { parseArgs } from 'node:util';
import { isDamagedDatabase } from '../src/store/sqlite/damaged-database.js';
import { createProgress } from '../src/cli/progress.js';
import { formatRoot } from '../src/integrity/seal-record.js';
import { backupSqliteStore, BackupError } from '../src/operations/backup.js';
import { dataDirLayout } from '../src/operations/data-dir-layout.js';
import { embeddedDataDir } from '../src/operations/script-environment.js';

const usage = 'usage: npm run backup -- --out FILE [--data-dir DIR] [--skip-verify] [--json]';

async function main(): Promise<number> {
  let values: { out?: string; 'data-dir'?: string; 'skip-verify'?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, 'skip-verify': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.out) {
    console.error(`--out FILE is required\n${usage}`);
    return 2;
  }
  const target = embeddedDataDir(values['data-dir'], usage);
  if ('refusal' in target) {
    console.error(target.refusal);
    return 2;
  }
  const layout = dataDirLayout(target.dataDir);
  const started = Date.now();
  const { manifest, file, manifestFile } = await backupSqliteStore({
    storePath: layout.events,
    idempotencyPath: layout.idempotency,
    out: values.out,
    verify: !values['skip-verify'],
    phases: (label, options) => createProgress(`backup ${label}`, options),
  });
  if (values.json) {
    console.log(JSON.stringify({ file, manifestFile, ...manifest }));
  } else {
    const seal = manifest.log.latestSeal;
    console.log([
      `Backup of ${layout.events} written in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  file:      ${file} (${manifest.store.bytes.toLocaleString('en-US')} bytes, sha256 ${manifest.store.sha256})`,
      `  manifest:  ${manifestFile}`,
      `  log:       ${manifest.log.events} events up to position ${manifest.log.lastPosition ?? 'none'}, digest ${manifest.log.digest}`,
      `  seal:      ${seal ? `${formatRoot(seal.root)} (sealed ${seal.sealedAt})` : 'none yet'}`,
      `  verified:  ${manifest.verified === null ? 'skipped (--skip-verify)' : manifest.verified.ok ? `OK (${manifest.verified.events} events, ${manifest.verified.seals} seal(s))` : `BROKEN: ${manifest.verified.problem}`}`,
      ...(manifest.idempotency ? [`  idempotency records: ${manifest.idempotency.file}`] : []),
      `Restore with: npm run restore -- --from ${file}   (into an empty DATA_DIR)`,
    ].join('\n'));
  }
  return manifest.verified && !manifest.verified.ok ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  if (error instanceof BackupError) console.error(`backup refused: ${error.message}`);
  else if (isDamagedDatabase(error)) {
    // The store's own file cannot be read through: said in a line with what to do, not as a stack trace.
    console.error(`backup failed: the store cannot be read, its file is damaged (SQLite: ${(error as Error).message}); no backup was written. `
      + 'Keep the file as evidence and restore the latest backup into a new DATA_DIR (npm run restore).');
  } else console.error(`backup failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 2;
});
