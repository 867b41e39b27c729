// `npm run seed` with flags it cannot use: refused with the usage (exit 2) before any store is
// opened, instead of a stack trace (an unknown flag) or an empty bureau seeded on NaN officers (exit 0).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runScript } from '../fixtures/operations/run-script.js';

t.setTimeout(60_000);

for (const [args, message] of [
  [['--officers', 'abc'], /^--officers must be a number, not "abc"\nusage: npm run seed/],
  [['--officers', '20', '--case-rate', ''], /^--case-rate must be a number, not ""\nusage: npm run seed/],
  [['--officres', '20'], /^Unknown option '--officres'[\s\S]*\nusage: npm run seed/],
] as const) {
  t.test(args.join(' '), async (t) => {
    const dataDir = join(t.testdir(), 'register');
    const run = await runScript('scripts/seed.ts', [...args], { DATA_DIR: dataDir });
    t.equal(run.code, 2, run.stdout + run.stderr);
    t.match(run.stderr, message);
    t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
    t.notOk(existsSync(dataDir), 'no store opened, nothing seeded');
  });
}

t.test('a seed of a DATA_DIR of its own says to start the register on it', async (t) => {
  const dataDir = join(t.testdir(), 'demo register');
  const run = await runScript('scripts/seed.ts', ['--officers', '5', '--years', '1'], { DATA_DIR: dataDir });
  t.equal(run.code, 0, run.stdout + run.stderr);
  t.match(run.stdout, `Start the register with: DATA_DIR='${dataDir}' npm start\n`, 'the folder seeded, quoted for the shell');
});
