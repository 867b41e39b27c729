// `npm run seed`: a realistic county transport bureau written through the register's own command
// path (createCommandService: the same decisions, rules and appends as the HTTP API), day by day over
// years of simulated time: units and posts, officers with Chinese names, assignments and rotations
// of sensitive posts, deferrals, warning education, and cases of every category and channel through
// verification, evidence, interventions, findings, sanctions, appeals, corrections and closure; a
// share of the cases (--paper-share, default 0.05) kept on paper and entered 10 to 90 days behind,
// each step with the day it happened, as a bureau moving its paper ledgers into the register would.
//
//   npm run seed -- --officers 300 --years 5 --seed 2021
//
// The same seed and dates write the same bureau on a store that answers in a fixed order, such as
// the tests' in-memory one (ids the register assigns, such as case ids, are random). On SQLite a
// day's commands run concurrently: their order within the day in the log, and the two draws made
// while a command runs (a closing summary, a corrected name), can differ from run to run. Each
// simulated day's commands run with that day as the server's clock (ctx.now), so no date is ever
// in the future of its record time. Tests and benchmarks import seedRegister().
//
// The seed itself is in scripts/seed/: seed-register.ts runs the days on a SeedRun (seed-run.ts),
// the state every part shares; day-scheduler.ts runs each day's planned steps; bureau/ holds the
// seed's model of the bureau, its first day and its daily routine; officers/ and cases/ what
// follows for each; command-line.ts is `npm run seed` itself.
import { pathToFileURL } from 'node:url';
import { seedCommandLine } from './seed/command-line.js';

export { seedRegister } from './seed/seed-register.js';
export type { SeedOptions, SeedProgress, SeedReport } from './seed/options.js';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  seedCommandLine().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
