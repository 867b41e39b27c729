// Crash safety under HTTP load: the register as `npm start` runs it, in a child process, takes
// concurrent authenticated writes and is killed with SIGKILL mid-load; started again on the same
// DATA_DIR, every write it answered 201 must be in the log (id, stream, revision, position), an
// acknowledged write retried with its Idempotency-Key must get its first answer, the writes left
// unanswered by the kill, retried with their keys, must write nothing twice, and the log must verify.
// Findings write several events in one append: each must be in the log whole. A sanction writes its
// case's event, then its effect to the officer's stream: each must have taken effect exactly once. A few rounds here; `npm run soak` runs many more and longer.
import t from 'tap';
import { runCrashDrill } from '../../src/operations/crash-drill/crash-drill.js';

t.setTimeout(120_000);

t.test('SIGKILL mid-load, three rounds: nothing acknowledged is lost', async (t) => {
  const dataDir = t.testdir();
  const result = await runCrashDrill({
    dataDir,
    rounds: 3,
    concurrency: 16,
    killAfterMs: [400, 1_500],
    minAcknowledgedBeforeKill: 20,
    replaysPerRound: 15,
  });

  t.equal(result.rounds.length, 3);
  for (const round of result.rounds) {
    t.ok(round.acknowledged >= 20, `round ${round.round}: ${round.acknowledged} writes acknowledged before the kill`);
    t.equal(round.failedBeforeKill, 0, `round ${round.round}: no write failed while the register was up`);
    t.same(round.lost.map((lost) => ({ path: lost.write.path, position: String(lost.write.position), reason: lost.reason, found: lost.found && { ...lost.found, revision: String(lost.found.revision) } })), [],
      `round ${round.round}: all ${round.checked} writes acknowledged so far are in the log at their positions`);
    t.same(round.replayMismatches, [], `round ${round.round}: ${round.replayed} idempotent retries got their first answers back`);
    t.same(round.inFlightRetryFailures, [], `round ${round.round}: the ${round.inFlightAtKill} writes in flight at the kill, retried with their keys, were answered 201`);
    t.equal(round.inFlightRetriesAdded, round.inFlightRetriesExpected,
      `round ${round.round}: those retries wrote only the ${round.inFlightRetriesExpected} events expected (the ${round.inFlightAtKill - round.inFlightDurable} writes that had not reached the log, ${round.inFlightDurable} had, and the effects of their sanctions)`);
    t.ok(round.verified, `round ${round.round}: the log verifies (${round.verifyProblem ?? 'every chain intact'})`);
  }
  t.ok(result.rounds.reduce((sum, round) => sum + round.inFlightAtKill, 0) > 0, 'the kills came mid-load: writes were in flight');
  t.equal(result.lost, 0, 'writes lost: 0');
  t.ok((result.acknowledgedByKind.finding ?? 0) > 0, `findings (several events in one append) were among them: ${JSON.stringify(result.acknowledgedByKind)}`);
  t.equal(result.finalExitCode, 0, 'after the last restart, SIGTERM shuts the register down cleanly');
  t.ok(result.events >= result.acknowledged, 'the log holds at least every acknowledged write');
});
