import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { signToken } from '../../http/token-signer.js';
import { verifyStore } from '../../integrity/store-source.js';
import { locate } from '../../integrity/verify-report.js';
import { SqliteEventStore } from '../../store/sqlite/sqlite-event-store.js';
import { dataDirLayout } from '../data-dir-layout.js';
import { checkAcknowledged, type LostWrite } from './acknowledged-check.js';
import { retryInFlight } from './in-flight-retry.js';
import { assertEmptyDrillDirectory, startRegisterProcess, type RegisterProcess } from './register-process.js';
import { caseOf, startWriteLoad, type Acknowledged, type CasesByStep, type WriteKind, type WriteRequest } from './write-load.js';

// The crash drill: the register in a child process under concurrent HTTP writes, killed with
// SIGKILL mid-load, started again on the same DATA_DIR; then every write it ever acknowledged must
// be in the log (by id, stream, revision and position), an acknowledged write retried with its
// Idempotency-Key must get its first answer back, the writes left unanswered by the kill, retried
// with their keys, must add exactly those that had not reached the log, and the log must verify.
// Round after round on a growing log. Used by test/operations/crash-under-load.test.ts (a few rounds) and npm run soak.

export interface CrashDrillOptions {
  /** The drill's own folder, empty or absent (refused otherwise); the register runs on the embedded store there. */
  dataDir: string;
  rounds: number;
  /** Concurrent writers. */
  concurrency: number;
  /** The kill comes this long after the load started (a random time in the range), in ms. */
  killAfterMs: readonly [min: number, max: number];
  /** ...and not before this many writes were acknowledged in the round. */
  minAcknowledgedBeforeKill?: number;
  /** Acknowledged writes of each round retried with their Idempotency-Key after the restart. */
  replaysPerRound?: number;
  /** Extra environment for the register. */
  env?: Record<string, string>;
  onRound?: (round: RoundResult) => void;
  onStatus?: (message: string) => void;
}

export interface RoundResult {
  round: number;
  acknowledged: number;
  refused: number;
  failedBeforeKill: number;
  inFlightAtKill: number;
  /** Of those, writes that had reached the log anyway (their answers were lost with the process). */
  inFlightDurable: number;
  /** Events added when the writes in flight at the kill were retried with their keys (must be inFlightRetriesExpected: nothing written twice). */
  inFlightRetriesAdded: number;
  /** What those retries should add: the events of the writes that had not reached the log, and the effects of in-flight sanctions not in the log before. */
  inFlightRetriesExpected: number;
  /** Retries of in-flight writes not answered 201, or whose events (and a sanction's effect) are not in the log exactly once each. */
  inFlightRetryFailures: string[];
  /** Acknowledged in this or any earlier round, and checked again now. */
  checked: number;
  lost: LostWrite[];
  replayed: number;
  replayMismatches: string[];
  verified: boolean;
  verifyProblem: string | null;
  events: number;
  killedAfterMs: number;
  restartMs: number;
  writesPerSecond: number;
}

export interface CrashDrillResult {
  rounds: RoundResult[];
  acknowledged: number;
  /** Acknowledged writes by kind (units, officers, reports, verifications, findings, ...). */
  acknowledgedByKind: Record<string, number>;
  lost: number;
  replayMismatches: number;
  /** Over the rounds, how far the events the retries of in-flight writes added are from the events of the writes that had not reached the log (0: nothing written twice, nothing missing). */
  inFlightWrittenTwice: number;
  /** Retries of writes in flight at a kill not answered 201, or whose events (and a sanction's effect) are not in the log exactly once each. */
  inFlightRetryFailures: number;
  allVerified: boolean;
  /** The exit code of the last, graceful shutdown (0 is clean). */
  finalExitCode: number | null;
  events: number;
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`The register at ${url} was not ready within ${timeoutMs} ms (last answer: ${last})`);
}

async function replay(url: string, token: string, write: Acknowledged): Promise<string | null> {
  const response = await fetch(`${url}${write.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': write.idempotencyKey },
    body: JSON.stringify(write.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== 201) return `${write.path} (key ${write.idempotencyKey}): retry answered ${response.status} ${text}`;
  const answer = JSON.parse(text) as { id: string; revision: string; position: string };
  if (answer.id !== write.id || answer.revision !== write.revision.toString() || answer.position !== write.position.toString()) {
    return `${write.path} (key ${write.idempotencyKey}): first answered ${write.id}@${write.revision}/${write.position}, retry ${answer.id}@${answer.revision}/${answer.position}`;
  }
  return null;
}

const DRILL_ACTOR = 'crash-drill';

/** The cases earlier rounds left at a step (reported, verified, found, sanctioned, appealed), with nothing sent for the next one yet. */
function casesToGoOn(acknowledged: readonly Acknowledged[], inFlight: readonly WriteRequest[]): CasesByStep {
  const sent = (kind: WriteKind) => new Set([...acknowledged, ...inFlight].filter((write) => write.kind === kind).map((write) => caseOf(write).caseId));
  const at = (kind: WriteKind, next: WriteKind) => {
    const nextSent = sent(next);
    return acknowledged.filter((write) => write.kind === kind && !nextSent.has(caseOf(write).caseId));
  };
  return {
    reported: at('case', 'verification').map(caseOf),
    verifying: at('verification', 'finding').map(caseOf),
    found: at('finding', 'sanction').map(caseOf),
    // A sanction's and an appeal's answers name them.
    sanctioned: at('sanction', 'appeal').map((write) => ({ ...caseOf(write), sanctionId: write.id })),
    appealed: at('appeal', 'appeal-decision').map((write) => ({ ...caseOf(write), appealId: write.id })),
  };
}

function countByKind(writes: readonly Acknowledged[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const write of writes) counts[write.kind] = (counts[write.kind] ?? 0) + 1;
  return counts;
}

/** A read-only connection of our own to the log (the register may be running). */
function openLogReadOnly(dataDir: string): SqliteEventStore {
  const db = new Database(dataDirLayout(dataDir).events, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return new SqliteEventStore(db);
}

/** The log's last position, read through a connection of our own. */
async function logHead(dataDir: string): Promise<bigint | null> {
  const store = openLogReadOnly(dataDir);
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

/**
 * Waits until the register's read models include the whole log (a read with ?minPosition= answers)
 * and the log stopped growing meanwhile: the reactor that writes sanction effects runs as the
 * projections catch up, and its own writes move the log's head.
 */
async function waitForProjections(url: string, token: string, dataDir: string): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const head = await logHead(dataDir);
    if (head === null) return;
    const response = await fetch(`${url}/api/v1/cases?minPosition=${head}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
    last = `${response.status} ${await response.text()}`;
    if (response.status === 200 && (await logHead(dataDir)) === head) return;
  }
  throw new Error(`The register's projections did not catch up with the log (last answer: ${last})`);
}

/** The log as it is on disk now, read through a read-only connection of our own (the register may run). */
async function inspectLog(dataDir: string, acknowledged: Acknowledged[], actor: string) {
  const store = openLogReadOnly(dataDir);
  try {
    const check = await checkAcknowledged(store, acknowledged, actor);
    const verified = await verifyStore(store);
    return { check, verified };
  } finally {
    await store.close();
  }
}

export async function runCrashDrill(options: CrashDrillOptions): Promise<CrashDrillResult> {
  assertEmptyDrillDirectory(options.dataDir);
  const secret = randomBytes(32).toString('base64url');
  const token = signToken({ sub: DRILL_ACTOR, roles: ['hr', 'inspector', 'auditor'] }, { secret, expiresInSeconds: 24 * 3600 });
  const status = options.onStatus ?? (() => undefined);
  const start = () => startRegisterProcess({ dataDir: options.dataDir, jwtSecret: secret, ...(options.env ? { env: options.env } : {}) });
  const everAcknowledged: Acknowledged[] = [];
  const everInFlight: WriteRequest[] = [];
  const rounds: RoundResult[] = [];

  status('starting the register');
  let register: RegisterProcess = await start();
  try {
    await waitUntilReady(register.url, 60_000);
    for (let round = 1; round <= options.rounds; round += 1) {
      const knownOfficers = everAcknowledged.filter((write) => write.kind === 'officer').map((write) => write.id);
      const load = startWriteLoad({
        url: register.url, token, actor: DRILL_ACTOR, concurrency: options.concurrency, idPrefix: `r${round}-${randomBytes(3).toString('hex')}`,
        knownOfficers, knownCases: casesToGoOn(everAcknowledged, everInFlight),
      });
      const [min, max] = options.killAfterMs;
      const killAfterMs = min + Math.random() * (max - min);
      const loadStarted = performance.now();
      await load.waitForAcknowledged(options.minAcknowledgedBeforeKill ?? 1);
      const waited = performance.now() - loadStarted;
      if (waited < killAfterMs) await sleep(killAfterMs - waited);
      const killedAfterMs = performance.now() - loadStarted;
      load.stop();
      await register.kill();
      const result = await load.finished;
      status(`round ${round}: killed after ${Math.round(killedAfterMs)} ms with ${result.acknowledged.length} writes acknowledged, ${result.inFlightAtStop.length} in flight`);
      everAcknowledged.push(...result.acknowledged);
      everInFlight.push(...result.inFlightAtStop);

      const restarting = performance.now();
      register = await start();
      await waitUntilReady(register.url, 60_000);
      const restartMs = performance.now() - restarting;

      const sample = [...result.acknowledged].sort(() => Math.random() - 0.5).slice(0, options.replaysPerRound ?? 20);
      const replayMismatches: string[] = [];
      for (const write of sample) {
        const mismatch = await replay(register.url, token, write);
        if (mismatch) replayMismatches.push(mismatch);
      }

      // The reactor writes the effects of sanctions whose second append a kill (or a failure) left
      // undone: let it finish first, so the retries' accounting sees only what the retries write.
      await waitForProjections(register.url, token, options.dataDir);
      const retried = await retryInFlight({
        url: register.url, token, actor: DRILL_ACTOR, inFlight: result.inFlightAtStop,
        openLog: async () => openLogReadOnly(options.dataDir),
      });
      await waitForProjections(register.url, token, options.dataDir);
      const { check, verified } = await inspectLog(options.dataDir, everAcknowledged, DRILL_ACTOR);
      const roundResult: RoundResult = {
        round,
        acknowledged: result.acknowledged.length,
        refused: result.refused,
        failedBeforeKill: result.failedBeforeStop,
        inFlightAtKill: result.inFlightAtStop.length,
        inFlightDurable: retried.alreadyWritten,
        inFlightRetriesAdded: retried.added,
        inFlightRetriesExpected: retried.expectedAdded,
        inFlightRetryFailures: retried.failures,
        checked: check.checked,
        lost: check.lost,
        replayed: sample.length,
        replayMismatches,
        verified: verified.ok,
        verifyProblem: verified.ok ? null : `${verified.problem.kind} at ${locate(verified.problem)}: ${verified.problem.detail}`,
        events: check.events,
        killedAfterMs,
        restartMs,
        writesPerSecond: result.acknowledged.length / (killedAfterMs / 1000),
      };
      rounds.push(roundResult);
      options.onRound?.(roundResult);
    }
  } catch (error) {
    await register.kill();
    throw error;
  }
  status('stopping the register (SIGTERM)');
  const finalExitCode = await register.stop();
  const lostKeys = new Set(rounds.flatMap((round) => round.lost.map((lost) => lost.write.idempotencyKey)));
  return {
    rounds,
    acknowledged: everAcknowledged.length,
    acknowledgedByKind: countByKind(everAcknowledged),
    lost: lostKeys.size,
    replayMismatches: rounds.reduce((sum, round) => sum + round.replayMismatches.length, 0),
    inFlightWrittenTwice: rounds.reduce((sum, round) => sum + Math.abs(round.inFlightRetriesAdded - round.inFlightRetriesExpected), 0),
    inFlightRetryFailures: rounds.reduce((sum, round) => sum + round.inFlightRetryFailures.length, 0),
    allVerified: rounds.every((round) => round.verified),
    finalExitCode,
    events: rounds.at(-1)?.events ?? 0,
  };
}
