// npm run soak -- [--rounds 20] [--concurrency 32] [--min-ms 1000] [--max-ms 6000] [--data-dir DIR]
// The crash drill, long: the register in a child process under concurrent HTTP writes, killed
// with SIGKILL at a random moment, restarted, and checked (every acknowledged write in the log at
// its position, idempotent retries answered as before, the log verifying), round after round on a
// growing log. Prints a line per round, a summary, and as its last line one JSON object; writes
// bench-results/soak.json. Exit 1 if any acknowledged write was lost or anything failed.
// The drilled register always runs on the embedded store, in a temporary folder or in --data-dir
// (which must be empty or absent), whatever EVENT_STORE and ESDB_CONNECTION_STRING say: its load
// never reaches the register's real log.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import { runCrashDrill } from '../src/operations/crash-drill/crash-drill.js';
import { assertEmptyDrillDirectory, REPOSITORY_ROOT } from '../src/operations/crash-drill/register-process.js';

const usage = 'usage: npm run soak -- [--rounds N] [--concurrency N] [--min-ms MS] [--max-ms MS] [--data-dir DIR] [--keep]';

function whole(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    console.error(`--${name} must be a whole number >= ${min}\n${usage}`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        rounds: { type: 'string' }, concurrency: { type: 'string' }, 'min-ms': { type: 'string' }, 'max-ms': { type: 'string' },
        'data-dir': { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
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
  const rounds = whole('rounds', values.rounds as string | undefined, 20, 1);
  const concurrency = whole('concurrency', values.concurrency as string | undefined, 32, 1);
  const minMs = whole('min-ms', values['min-ms'] as string | undefined, 1_000, 0);
  const maxMs = Math.max(minMs, whole('max-ms', values['max-ms'] as string | undefined, 6_000, 0));
  const ownDir = values['data-dir'] === undefined;
  const dataDir = ownDir ? mkdtempSync(join(os.tmpdir(), 'register-soak-')) : resolve(values['data-dir'] as string);
  try {
    assertEmptyDrillDirectory(dataDir);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }

  console.log(`Soak: ${rounds} rounds, ${concurrency} concurrent writers, SIGKILL ${minMs}-${maxMs} ms into each round's load; DATA_DIR ${dataDir}`);
  const progress = createProgress('soak', { total: rounds, unit: 'rounds' });
  const started = Date.now();
  const result = await runCrashDrill({
    dataDir,
    rounds,
    concurrency,
    killAfterMs: [minMs, maxMs],
    minAcknowledgedBeforeKill: 1,
    replaysPerRound: 25,
    onStatus: (message) => progress.update(progressDone, message),
    onRound: (round) => {
      progressDone = round.round;
      progress.log(
        `round ${String(round.round).padStart(3)}: ${String(round.acknowledged).padStart(5)} acknowledged (${round.writesPerSecond.toFixed(0)}/s), `
        + `killed after ${(round.killedAfterMs / 1000).toFixed(1)} s with ${round.inFlightAtKill} in flight (${round.inFlightDurable} of them durable; retried, they added ${round.inFlightRetriesAdded} events), `
        + `${round.checked} checked, ${round.lost.length} lost, ${round.replayMismatches.length} retry mismatches, `
        + `log ${round.verified ? 'verifies' : `BROKEN: ${round.verifyProblem}`} (${round.events} events), restart ${(round.restartMs / 1000).toFixed(1)} s`,
      );
      progress.update(progressDone);
    },
  });
  progress.done();
  const seconds = (Date.now() - started) / 1000;
  const summary = {
    rounds: result.rounds.length,
    concurrency,
    writesAcknowledged: result.acknowledged,
    acknowledgedByKind: result.acknowledgedByKind,
    writesLost: result.lost,
    writesInFlightAtKill: result.rounds.reduce((sum, round) => sum + round.inFlightAtKill, 0),
    inFlightThatWereDurable: result.rounds.reduce((sum, round) => sum + round.inFlightDurable, 0),
    inFlightRetriesWrittenTwice: result.inFlightWrittenTwice,
    inFlightRetryFailures: result.inFlightRetryFailures,
    idempotentRetries: result.rounds.reduce((sum, round) => sum + round.replayed, 0),
    idempotentRetryMismatches: result.replayMismatches,
    logVerifiedEveryRound: result.allVerified,
    events: result.events,
    cleanFinalShutdown: result.finalExitCode === 0,
    meanRestartMs: Math.round(result.rounds.reduce((sum, round) => sum + round.restartMs, 0) / Math.max(1, result.rounds.length)),
    seconds: Math.round(seconds),
    finishedAt: new Date().toISOString(),
  };
  console.log([
    '',
    `Rounds:               ${summary.rounds}`,
    `Writes acknowledged:  ${summary.writesAcknowledged} (${Object.entries(summary.acknowledgedByKind).map(([kind, count]) => `${count} ${kind}`).join(', ')})`,
    `Writes lost:          ${summary.writesLost}`,
    `In flight at a kill:  ${summary.writesInFlightAtKill} (unknown outcome; ${summary.inFlightThatWereDurable} reached the log); retried with their keys: ${summary.inFlightRetryFailures} not answered 201, ${summary.inFlightRetriesWrittenTwice} written twice`,
    `Idempotent retries:   ${summary.idempotentRetries}, ${summary.idempotentRetryMismatches} answered differently`,
    `Log verified:         ${summary.logVerifiedEveryRound ? 'after every round' : 'NO'}`,
    `Final shutdown:       ${summary.cleanFinalShutdown ? 'clean' : `exit code ${result.finalExitCode}`}`,
    `Time:                 ${summary.seconds} s`,
  ].join('\n'));
  const resultsDir = join(REPOSITORY_ROOT, 'bench-results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'soak.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (ownDir && !values.keep) rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(summary));
  const ok = summary.writesLost === 0 && summary.idempotentRetryMismatches === 0 && summary.inFlightRetryFailures === 0
    && summary.inFlightRetriesWrittenTwice === 0 && summary.logVerifiedEveryRound && summary.cleanFinalShutdown;
  return ok ? 0 : 1;
}

let progressDone = 0;
main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  console.error(`soak failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 2;
});
