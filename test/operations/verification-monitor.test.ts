// The scheduled verification of the live log: what an operator sees in /metrics and in the log
// when the log verifies, when someone has edited the store file, and when verification cannot run;
// one run at a time however many ask for it; and a stopped monitor runs no more.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { type OperationsLogger } from '../../src/operations/operations-logger.js';
import { RegisterMetrics } from '../../src/operations/register-metrics.js';
import { startVerificationMonitor } from '../../src/operations/verification-monitor.js';
import { verifierOnThread } from '../../src/integrity/verify-thread.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory, readLog } from '../fixtures/integrity/history.js';
import { asAttacker, setData } from '../fixtures/integrity/sqlite-attacker.js';

interface Logged {
  level: 'info' | 'warn' | 'error';
  message: string;
  details: Record<string, unknown>;
}

function recordingLogger(): OperationsLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (message, details = {}) => lines.push({ level: 'info', message, details }),
    warn: (message, details = {}) => lines.push({ level: 'warn', message, details }),
    error: (message, details = {}) => lines.push({ level: 'error', message, details }),
  };
}

/** One sample of the Prometheus text, e.g. register_verification_runs_total{result="ok"}. */
async function sample(metrics: RegisterMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  for (const line of (await metrics.metrics()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const dir = t.testdir();
const path = join(dir, 'events.db');
const written = await openSqliteEventStore({ path });
const history = await generateHistory(withHashChain(written), { units: 2, officersPerUnit: 2, cases: 6, sealAt: [1] });
const log = await readLog(written);
await written.close();
const sealedCaseEvent = log.find((event) => event.streamName === history.caseStreams[0])!;

t.test('a log that verifies: an ok run in the metrics, with the events and seals it checked, and an info line', async (t) => {
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const logger = recordingLogger();
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0, logger });
  t.teardown(() => monitor.stop());

  const result = await monitor.runNow();
  t.ok(result?.ok, 'the untouched log verifies');
  t.equal(result?.events, log.length, 'every event was checked');
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'ok' }), 1);
  t.equal(await sample(metrics, 'register_verification_last_ok'), 1);
  t.equal(await sample(metrics, 'register_verification_last_events'), log.length);
  t.same(logger.lines.map((line) => line.level), ['info']);
  t.match(logger.lines[0], { message: /verifies/, details: { events: log.length, seals: history.seals.length } });
});

t.test('an edited store file: a broken run in the metrics and an error line naming the problem and where it is', async (t) => {
  const copy = join(dir, 'edited.db');
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  asAttacker(copy, (db) => setData(db, sealedCaseEvent.position, { ...sealedCaseEvent.data, edited: true }));
  const store = await openSqliteEventStore({ path: copy });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const logger = recordingLogger();
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0, logger });
  t.teardown(() => monitor.stop());

  const result = await monitor.runNow();
  t.equal(result?.ok, false, 'the edit is detected');
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'broken' }), 1);
  t.equal(await sample(metrics, 'register_verification_last_ok'), 0, 'the alerting gauge drops to 0');
  t.same(logger.lines.map((line) => line.level), ['error']);
  const line = logger.lines[0]!;
  t.match(line.message, /DOES NOT VERIFY/);
  t.type(line.details.problem, 'string', 'the kind of problem is named');
  t.match(String(line.details.at), sealedCaseEvent.streamName, 'the line says where');
});

t.test('an event cut short in the file: the daily run on its thread is a broken run and an error line, not a run that could not be done', async (t) => {
  const copy = join(dir, 'cut-short.db');
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  asAttacker(copy, (db) => db.prepare('UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = ?').run(sealedCaseEvent.position));
  const store = await openSqliteEventStore({ path: copy });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const logger = recordingLogger();
  const verifier = verifierOnThread(copy);
  t.teardown(() => verifier.close());
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0, logger, verify: verifier.verify });
  t.teardown(() => monitor.stop());

  const result = await monitor.runNow();
  t.equal(result?.ok, false, 'a verdict');
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'broken' }), 1);
  t.same(logger.lines.map((line) => line.level), ['error']);
  t.match(logger.lines[0], { message: /DOES NOT VERIFY/, details: { problem: 'changed', at: new RegExp(`position ${sealedCaseEvent.position}`), detail: /cannot be read: its data is not valid JSON/ } });
});

t.test('verification that cannot run (store closed): an error run, a warning, null, and the next run still works', async (t) => {
  const store = await openSqliteEventStore({ path });
  await store.close();
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const logger = recordingLogger();
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0, logger });
  t.teardown(() => monitor.stop());

  t.equal(await monitor.runNow(), null);
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'error' }), 1);
  t.equal(await sample(metrics, 'register_verification_last_ok'), 0);
  t.same(logger.lines.map((line) => line.level), ['warn']);
  t.match(logger.lines[0], { message: /could not be verified/, details: { error: /\S/ } });
  t.equal(await monitor.runNow(), null, 'a failed run does not wedge the monitor');
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'error' }), 2);
});

t.test('callers asking while a run is in flight share that run', async (t) => {
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0 });
  t.teardown(() => monitor.stop());

  const [first, second] = await Promise.all([monitor.runNow(), monitor.runNow()]);
  t.equal(first, second, 'one result for both');
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'ok' }), 1, 'one verification ran');
  await monitor.runNow();
  t.equal(await sample(metrics, 'register_verification_runs_total', { result: 'ok' }), 2, 'a later request runs again');
});

t.test('on a schedule: runs repeat at the interval, and none runs after stop', async (t) => {
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 20, firstRunAfterMs: 0 });
  const runs = async () => (await sample(metrics, 'register_verification_runs_total', { result: 'ok' })) ?? 0;

  const deadline = Date.now() + 30_000;
  while ((await runs()) < 2 && Date.now() < deadline) await sleep(10);
  t.ok((await runs()) >= 2, 'the schedule ran the verification more than once');
  await monitor.stop();
  const afterStop = await runs();
  await sleep(100);
  t.equal(await runs(), afterStop, 'nothing ran after stop');
});

t.test('an interval of 0 schedules nothing', async (t) => {
  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  const metrics = new RegisterMetrics({ defaultMetrics: false });
  const monitor = startVerificationMonitor({ store, metrics, intervalMs: 0, firstRunAfterMs: 0 });
  t.teardown(() => monitor.stop());
  await sleep(100);
  t.equal((await sample(metrics, 'register_verification_runs_total', { result: 'ok' })) ?? 0, 0, 'no run without a request');
  t.equal(await monitor.runNow().then((result) => result?.ok), true, 'a request still runs one');
});
