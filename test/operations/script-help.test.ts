// Every operator script answers --help with its usage on stdout and exit status 0, before it opens
// anything (an unknown flag stays a usage error, exit 2).
import t from 'tap';
import { runScript } from '../fixtures/operations/run-script.js';

t.setTimeout(120_000);

const scripts: [string, RegExp][] = [
  ['scripts/verify.ts', /^usage: npm run verify -- /],
  ['scripts/export.ts', /^usage: npm run export -- --out FILE/],
  ['scripts/backup.ts', /^usage: npm run backup -- --out FILE/],
  ['scripts/restore.ts', /^usage: npm run restore -- --from FILE/],
  ['scripts/soak.ts', /^usage: npm run soak -- /],
];

for (const [script, usage] of scripts) {
  t.test(`${script} --help`, async (t) => {
    const dataDir = t.testdir();
    const run = await runScript(script, ['--help'], { DATA_DIR: dataDir });
    t.equal(run.code, 0, 'exit status 0');
    t.match(run.stdout, usage, 'the usage, on stdout');
    t.equal(run.stderr, '', 'nothing on stderr');
    const unknown = await runScript(script, ['--hlep'], { DATA_DIR: dataDir });
    t.equal(unknown.code, 2, 'an unknown flag is still a usage error');
  });
}
