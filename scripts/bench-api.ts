// npm run bench:api — what the HTTP API sustains when every request is a durable write, compared
// with the same request through the same app when nothing is written.
//
//   The register runs as `npm start` does (a child process, embedded store, projections following
//   the log, rate limiting on with a ceiling above the load; the scheduled seal and verification
//   off) on a temporary DATA_DIR. Units and
//   officers are registered first. Then autocannon, 50 connections, alternates rounds of
//     - POST /api/v1/cases/validate: token, role and body checked exactly as for a report, no write;
//     - POST /api/v1/cases: the same varied, realistic reports, each a durable CaseReported event
//       (after reading each named officer's stream for their unit).
//   Target: writesPerSecond >= 0.6 x noWriteRequestsPerSecond (storage is not the bottleneck).
//
// Besides req/s (which a busy machine moves a lot), each round reports the register's own CPU time
// per request (from /proc) and, for writes, how many writes shared one group commit (from /metrics):
// the first says what a write costs beyond the HTTP layer, the second whether storage is the limit.
//
// A human summary, then as the last line one JSON object (also written to bench-results/api.json).
// Options: --connections 50 --duration 10 (seconds per round) --rounds 3 --officers 600 --keep
// Environment: BENCH_LOG_LEVEL (default warn), BENCH_NODE_ARGS (extra node flags for the register).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { reportChannels, violationCategories } from '../src/domain/shared/codes.js';
import { ruleReferenceCodes } from '../src/domain/shared/rule-references.js';
import { signToken } from '../src/http/token-signer.js';
import { openSqliteEventStore } from '../src/store/sqlite/sqlite-event-store.js';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    officers: { type: 'string', default: '600' },
    units: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/api.json' },
  },
});
const connections = Number(args.connections);
const duration = Number(args.duration);
const rounds = Number(args.rounds);
const warmup = Number(args.warmup);
const officerCount = Number(args.officers);
const unitCount = Number(args.units);

// ---- a deterministic pseudo-random source, so two runs send the same bodies -----------------------
let state = 20210715;
const random = () => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state / 0x7fffffff;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚', '桂英', '建华'];
const SUMMARIES = [
  '执法过程中对当事人态度生硬、语言不文明，群众反映强烈。',
  '未出示执法证件即对货车实施检查并处以罚款。',
  '对超限运输车辆现场罚款后未责令卸载，只罚款不纠正。',
  '收受货运企业礼品礼金，对其车辆违法行为不予查处。',
  '执法记录仪未全程开启，执法过程无法回溯。',
  '投诉件超期未办理，群众多次催办无果。',
  '以罚代管，按罚款数额下达任务指标。',
  '与“黄牛”勾结，为违规车辆办理手续提供便利。',
  '扣留车辆超过法定期限且未出具法律文书。',
  '工作日在岗不在状态，多次被群众拍到玩手机。',
];

function reportBody(officerIds: readonly string[]): string {
  const subjects = new Set<string>();
  const wanted = 1 + Math.floor(random() * 3);
  while (subjects.size < wanted) subjects.add(pick(officerIds));
  const occurredOn = DateTime.fromISO('2024-01-01').plus({ days: Math.floor(random() * 500) }).toISODate()!;
  const refs = new Set<string>();
  for (let i = Math.floor(random() * 3); i > 0; i--) refs.add(pick(ruleReferenceCodes));
  const reporterRoll = random();
  const reporter = reporterRoll < 0.35 ? undefined
    : reporterRoll < 0.6 ? { anonymous: true, contact: `1${Math.floor(3e9 + random() * 6e9)}` }
    : { name: `${pick(SURNAMES)}${pick(GIVEN)}`, contact: `1${Math.floor(3e9 + random() * 6e9)}` };
  return JSON.stringify({
    officerIds: [...subjects],
    category: pick(violationCategories),
    channel: pick(reportChannels),
    occurredOn,
    summary: `${pick(SUMMARIES)}（编号${Math.floor(random() * 1e6)}）`,
    ...(refs.size > 0 ? { ruleRefs: [...refs] } : {}),
    ...(reporter ? { reporter } : {}),
  });
}

// ---- the register under test ---------------------------------------------------------------------
interface Server {
  child: ChildProcess;
  address: string;
}

async function startRegister(dataDir: string, secret: string): Promise<Server> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench-results/tmp/prof") profiles the register.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: secret,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      RATE_LIMIT_MAX: '10000000',
      // Scheduled background work is off: the seal schedule, and the daily verification of the whole
      // log, whose first run comes a minute after start and would land in whichever round is running.
      SEAL_INTERVAL_MINUTES: '0',
      VERIFY_INTERVAL_MINUTES: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  for (let waited = 0; waited < 60_000; waited += 100) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) return { child, address: match[1]! };
    if (child.exitCode !== null) throw new Error(`the register exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the register did not start within 60 s:\n${output}`);
}

async function seedBureau(address: string, hrToken: string): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${address}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hrToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  for (let u = 0; u < unitCount; u++) await post('/api/v1/units', { unitId: `U${u}`, name: `执法大队第${u + 1}中队` });
  const officerIds = Array.from({ length: officerCount }, (_, i) => `ZF${String(i).padStart(5, '0')}`);
  const queue = [...officerIds];
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      await post('/api/v1/officers', { officerId: id, name: `${pick(SURNAMES)}${pick(GIVEN)}`, unitId: `U${Math.floor(random() * unitCount)}`, hiredOn: '2015-03-01' });
    }
  }));
  return officerIds;
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc (Linux); null elsewhere.
 * With `thread`, those of that thread only (the process's id is its main thread's: the one serving requests).
 */
function cpuSecondsOf(pid: number | undefined, thread?: number): number | null {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Successful group commits so far, from the register's /metrics (null when it does not report them). */
async function commitsSoFar(address: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${address}/metrics`)).text();
    const match = /^register_event_store_commits\{result="ok"\} (\d+)/m.exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

interface Round {
  kind: 'write' | 'noWrite';
  requestsPerSecond: number;
  /** The register's own CPU time per answered request: less sensitive to a busy machine than req/s. */
  serverCpuMsPerRequest: number | null;
  /** The part of it spent on the request thread (the one that handles HTTP; the commit and projection threads run beside it). */
  requestThreadCpuMsPerRequest: number | null;
  /** Writes per group commit (one transaction, one fsync) during the round. */
  appendsPerCommit: number | null;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
}

function run(address: string, path: string, token: string, bodies: readonly string[], seconds: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `${address}${path}`,
    connections,
    duration: seconds,
    timeout: 20,
    requests: [{
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
    }],
  });
}

const msPerRequest = (cpuSeconds: number | null, result: autocannon.Result) =>
  cpuSeconds === null || result['2xx'] === 0 ? null : Math.round((cpuSeconds * 1000 / result['2xx']) * 1000) / 1000;

function toRound(
  kind: Round['kind'], result: autocannon.Result, cpuSeconds: number | null, requestThreadCpuSeconds: number | null, commits: number | null,
): Round {
  return {
    kind,
    appendsPerCommit: kind === 'write' && commits ? Math.round((result['2xx'] / commits) * 10) / 10 : null,
    requestsPerSecond: result.requests.average,
    serverCpuMsPerRequest: msPerRequest(cpuSeconds, result),
    requestThreadCpuMsPerRequest: msPerRequest(requestThreadCpuSeconds, result),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
  mkdirSync('bench-results/tmp', { recursive: true });
  const dataDir = mkdtempSync(resolve('bench-results/tmp/api-'));
  const secret = randomBytes(32).toString('base64url');
  const inspectorToken = signToken({ sub: 'bench-inspector', roles: ['inspector'] }, { secret });
  const hrToken = signToken({ sub: 'bench-hr', roles: ['hr'] }, { secret });
  const loadBefore = loadavg()[0]!;

  const server = await startRegister(dataDir, secret);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.child.kill('SIGTERM');
    if (server.child.exitCode === null) await once(server.child, 'exit');
  };
  try {
    process.stdout.write(`register at ${server.address} (DATA_DIR ${dataDir})\n`);
    const officerIds = await seedBureau(server.address, hrToken);
    const bodies = Array.from({ length: 5000 }, () => reportBody(officerIds));
    process.stdout.write(`seeded ${unitCount} units and ${officerIds.length} officers; ${bodies.length} distinct report bodies\n`);

    // Warm both paths (JIT, page cache) before measuring.
    await run(server.address, '/api/v1/cases/validate', inspectorToken, bodies, warmup);
    const warmupWrites = (await run(server.address, '/api/v1/cases', inspectorToken, bodies, warmup))['2xx'];

    const results: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const [kind, path] of [['noWrite', '/api/v1/cases/validate'], ['write', '/api/v1/cases']] as const) {
        const commitsBefore = await commitsSoFar(server.address);
        const pid = server.child.pid;
        const cpuBefore = cpuSecondsOf(pid);
        const requestThreadBefore = cpuSecondsOf(pid, pid);
        const result = await run(server.address, path, inspectorToken, bodies, duration);
        const cpuAfter = cpuSecondsOf(pid);
        const requestThreadAfter = cpuSecondsOf(pid, pid);
        const commitsAfter = await commitsSoFar(server.address);
        const difference = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);
        const round = toRound(kind, result, difference(cpuBefore, cpuAfter), difference(requestThreadBefore, requestThreadAfter),
          difference(commitsBefore, commitsAfter));
        results.push(round);
        process.stdout.write(`round ${r + 1} ${kind.padEnd(7)} ${round.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${round.p50Ms} ms  p99 ${round.p99Ms} ms  server cpu ${round.serverCpuMsPerRequest ?? '?'} ms/req (request thread ${round.requestThreadCpuMsPerRequest ?? '?'})${round.appendsPerCommit === null ? '' : `  ${round.appendsPerCommit} writes/commit`}  2xx ${round.ok}  non-2xx ${round.non2xx}  errors ${round.errors}\n`);
      }
    }
    await stop();

    // Every acknowledged write must be in the log: count the reports the store holds.
    const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
    let casesInLog = 0;
    for await (const event of store.readAll()) if (event.type === 'CaseReported') casesInLog += 1;
    await store.close();
    const writesAcknowledged = warmupWrites + results.filter((r) => r.kind === 'write').reduce((sum, r) => sum + r.ok, 0);

    const writes = results.filter((r) => r.kind === 'write');
    const noWrites = results.filter((r) => r.kind === 'noWrite');
    const writesPerSecond = median(writes.map((r) => r.requestsPerSecond));
    const noWriteRequestsPerSecond = median(noWrites.map((r) => r.requestsPerSecond));
    const ratio = writesPerSecond / noWriteRequestsPerSecond;
    const summary = {
      writesPerSecond: round1(writesPerSecond),
      noWriteRequestsPerSecond: round1(noWriteRequestsPerSecond),
      ratio: Math.round(ratio * 1000) / 1000,
      target: 0.6,
      meetsTarget: ratio >= 0.6,
      p99Ms: median(writes.map((r) => r.p99Ms)),
      p50Ms: median(writes.map((r) => r.p50Ms)),
      noWriteP99Ms: median(noWrites.map((r) => r.p99Ms)),
      serverCpuMsPerWrite: median(writes.map((r) => r.serverCpuMsPerRequest ?? Number.NaN)),
      serverCpuMsPerNoWrite: median(noWrites.map((r) => r.serverCpuMsPerRequest ?? Number.NaN)),
      requestThreadCpuMsPerWrite: median(writes.map((r) => r.requestThreadCpuMsPerRequest ?? Number.NaN)),
      requestThreadCpuMsPerNoWrite: median(noWrites.map((r) => r.requestThreadCpuMsPerRequest ?? Number.NaN)),
      writesPerCommit: median(writes.map((r) => r.appendsPerCommit ?? Number.NaN)),
      spread: {
        writesPerSecond: { min: round1(Math.min(...writes.map((r) => r.requestsPerSecond))), max: round1(Math.max(...writes.map((r) => r.requestsPerSecond))) },
        noWriteRequestsPerSecond: { min: round1(Math.min(...noWrites.map((r) => r.requestsPerSecond))), max: round1(Math.max(...noWrites.map((r) => r.requestsPerSecond))) },
        ratioPerRound: writes.map((w, i) => Math.round((w.requestsPerSecond / noWrites[i]!.requestsPerSecond) * 1000) / 1000),
        p99Ms: { min: Math.min(...writes.map((r) => r.p99Ms)), max: Math.max(...writes.map((r) => r.p99Ms)) },
      },
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      writesAcknowledged,
      casesInLog,
      connections,
      roundSeconds: duration,
      rounds,
      officers: officerCount,
      cpus: cpus().length,
      loadAverageBefore: round1(loadBefore),
      loadAverageAfter: round1(loadavg()[0]!),
      node: process.version,
      at: new Date().toISOString(),
    };
    process.stdout.write([
      '',
      `writes:   ${summary.writesPerSecond} req/s (median of ${rounds}; ${summary.spread.writesPerSecond.min}-${summary.spread.writesPerSecond.max}), p99 ${summary.p99Ms} ms`,
      `no write: ${summary.noWriteRequestsPerSecond} req/s (median of ${rounds}; ${summary.spread.noWriteRequestsPerSecond.min}-${summary.spread.noWriteRequestsPerSecond.max}), p99 ${summary.noWriteP99Ms} ms`,
      `ratio ${summary.ratio} (target >= 0.6: ${summary.meetsTarget ? 'met' : 'NOT met'}); per round ${summary.spread.ratioPerRound.join(', ')}`,
      `${writesAcknowledged} reports acknowledged (warm-up included), ${casesInLog} in the log; non-2xx ${summary.non2xx}, errors ${summary.errors}; load average ${summary.loadAverageBefore} before, ${summary.loadAverageAfter} after`,
      '',
    ].join('\n'));
    if (casesInLog < writesAcknowledged) throw new Error(`acknowledged ${writesAcknowledged} reports but the log holds ${casesInLog}`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await stop();
    if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
