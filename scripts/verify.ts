import { parseArgs } from 'node:util';
import { describeManifest, verifyExportFile } from '../src/integrity/export-file.js';
import { describeLocation, logLocation, openLogForReading } from '../src/integrity/open-log.js';
import { InvalidRootError, parseRoot } from '../src/integrity/seal-record.js';
import { storeSource } from '../src/integrity/store-source.js';
import { verifyLog } from '../src/integrity/verify.js';
import { reportLines } from '../src/integrity/verify-report.js';
import { createProgress } from '../src/cli/progress.js';
import { countingSource } from '../src/operations/phase-reporter.js';

// npm run verify                             the live log (DATA_DIR's store read-only, or EVENT_STORE=esdb)
// npm run verify -- --file FILE              an export, offline (with FILE.manifest.json if beside it)
// npm run verify -- ... --root ROOT          also: the log must hold the seal with this published root
// npm run verify -- ... --json               the result as JSON (with --file: and the manifest's status)
// Exit status: 0 all is well, 1 a problem was found (the first is named), 2 the check could not run.

const usage = 'usage: npm run verify -- [--file EXPORT.ndjson] [--root SEAL_ROOT] [--json]';

async function main(): Promise<number> {
  let values: { file?: string; root?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { file: { type: 'string' }, root: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.file !== undefined && values.file.trim() === '') {
    // `--file "$EXPORT"` with the variable unset: verifying the live store instead would answer OK for a file never read.
    console.error(`--file needs the export's path\n${usage}`);
    return 2;
  }
  let root: string | undefined;
  try {
    root = values.root === undefined ? undefined : parseRoot(values.root);
  } catch (error) {
    if (error instanceof InvalidRootError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  const started = Date.now();
  let result;
  let source: string;
  let manifest: ReturnType<typeof describeManifest> | undefined;
  if (values.file !== undefined) {
    const checked = await verifyExportFile(values.file, { root });
    result = checked.result;
    manifest = describeManifest(values.file, checked.manifest);
    source = `${values.file} (${checked.manifest.status === 'checked'
      ? 'with its manifest'
      : checked.manifest.status === 'absent' ? 'no manifest beside it' : `manifest unreadable: ${checked.manifest.reason}`})`;
  } else {
    const location = logLocation();
    const store = await openLogForReading(location);
    try {
      const progress = createProgress('verify', { unit: 'events' });
      // Counted as the verifier reads (the store itself is handed over as it is: the embedded one is read row by row).
      result = await verifyLog(countingSource(storeSource(store, await store.headPosition()), (events) => progress.update(events)), { root });
      progress.done();
    } finally {
      await store.close();
    }
    source = describeLocation(location);
  }
  if (values.json) {
    console.log(JSON.stringify(manifest ? { ...result, manifest } : result, null, 2));
  } else {
    console.log(`Verified ${source} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const line of reportLines(result)) console.log(line);
  }
  return result.ok ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`verify could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
