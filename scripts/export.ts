import { parseArgs } from 'node:util';
import { exportLog, manifestPath } from '../src/integrity/export-file.js';
import { describeLocation, logLocation, openLogForReading } from '../src/integrity/open-log.js';
import { formatRoot } from '../src/integrity/seal-record.js';
import { createProgress } from '../src/cli/progress.js';
import { withReadProgress } from '../src/operations/read-progress.js';

// npm run export -- --out FILE
// Writes the whole log as NDJSON (the audit stream's lines, reporter identity redacted) and
// FILE.manifest.json beside it. Reads the store named by EVENT_STORE / DATA_DIR, read-only.
// Exit 0: exported; 1: exported, but events of the log cannot be read (the file says where);
// 2: not exported.

const usage = 'usage: npm run export -- --out FILE   (reads the store of DATA_DIR, or EventStoreDB with EVENT_STORE=esdb)';

async function main(): Promise<number> {
  let out: string | undefined;
  let help: boolean | undefined;
  try {
    ({ values: { out, help } } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (help) {
    console.log(usage);
    return 0;
  }
  if (!out) {
    console.error(usage);
    return 2;
  }
  const location = logLocation();
  const store = await openLogForReading(location);
  try {
    const started = Date.now();
    const progress = createProgress('export', { unit: 'events' });
    const manifest = await exportLog(withReadProgress(store, progress), out);
    progress.done();
    console.log(`Exported ${manifest.events} events of ${manifest.streams} streams (${manifest.seals} seals) from ${describeLocation(location)}`);
    console.log(`  file:     ${out} (${manifest.bytes} bytes, sha256 ${manifest.sha256})`);
    console.log(`  manifest: ${manifestPath(out)}`);
    console.log(manifest.latestSeal
      ? `  latest seal: ${formatRoot(manifest.latestSeal.root)} (sealed ${manifest.latestSeal.sealedAt})`
      : '  no seal yet: POST /api/v1/audit/seals before publishing the export');
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (manifest.unreadable > 0) {
      // The file is written whole, but the log it holds was altered in storage: not a clean export.
      console.error(`${manifest.unreadable} event(s) of the log cannot be read: each is exported as a line saying so, in its place. `
        + 'The log was altered in storage; npm run verify names what else changed.');
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`export failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
