// `npm run bench:replay`: one million events of a generated bureau (10,000 officers), a full rebuild
// of every read model from the log, then the latency of GET /api/v1/rotation-schedule and
// GET /api/v1/officers/{id}/history over HTTP against the register serving those read models.
//
//   npm run bench:replay [-- --events 1000000 --officers 10000 --seed 2021 --duration 15 --connections 4]
//
// The bureau is written through the command service (seedRegister) into an in-memory SQLite store
// and copied to a file with VACUUM INTO, in a child process, once: later runs reuse it from
// bench-results/tmp/. The register (rebuild, then HTTP) runs in this process, whose peak RSS is
// reported; like `npm start`, the npm script runs it with the register's heap cap
// (--max-old-space-size=${REGISTER_HEAP_MB:-384}). The HTTP load comes from a child process (autocannon). Last line: one JSON object,
// also written to bench-results/replay.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    officers: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '2021' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '4' },
    units: { type: 'string', default: '1' },
    generate: { type: 'string' },
    load: { type: 'string' },
    token: { type: 'string' },
  },
});

const events = Number(values.events);
const officers = Number(values.officers);
const seed = Number(values.seed);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function runChild(args: string[], capture: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here, ...args], {
      cwd: root,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]} child exited with ${code}`))));
  });
}

// --- child: write the bureau ----------------------------------------------------------------------

async function generate(dir: string): Promise<void> {
  const { openSqliteEventStore } = await import('../src/store/sqlite/sqlite-event-store.js');
  const { withHashChain } = await import('../src/integrity/hash-chained-store.js');
  const { seedRegister } = await import('./seed.js');
  type Db = { exec(sql: string): unknown };
  let connection: Db | null = null;
  const store = await openSqliteEventStore({ path: ':memory:', testHooks: { afterOpen: (db) => { connection = db; } } });
  const started = performance.now();
  const tty = process.stdout.isTTY;
  const report = await seedRegister({
    store: withHashChain(store),
    seed,
    officers,
    years: 10,
    caseRate: 2,
    maxEvents: events,
    concurrency: 64,
    // The bureau's zone as a fixed offset: the same dates as Asia/Shanghai (no daylight saving since
    // 1991), without luxon's per-conversion time-zone lookups, which dominate generation time.
    timezone: 'UTC+8',
    onProgress: ({ day, events: written }) => {
      const rate = Math.round(written / ((performance.now() - started) / 1000));
      const line = `generating: ${day}  ${written} events  ${rate} events/s`;
      process.stdout.write(tty ? `\r${line}` : `${line}\n`);
    },
  });
  if (tty) process.stdout.write('\n');
  const file = path.join(dir, 'events.db');
  fs.rmSync(file, { force: true });
  (connection as Db | null)!.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  await store.close();
  fs.writeFileSync(path.join(dir, 'generated.json'), `${JSON.stringify({ ...report, lastPosition: String(report.lastPosition), seconds: (performance.now() - started) / 1000 }, null, 2)}\n`);
  log(`generated ${report.events} events (${report.officers} officers, ${report.cases} cases, ${report.from}..${report.lastDay}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

// --- child: HTTP load ------------------------------------------------------------------------------

async function load(url: string): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  const target = new URL(url);
  const historyOf = target.pathname.includes('{officerId}');
  const result = await autocannon({
    url: target.origin,
    connections: Number(values.connections),
    duration: Number(values.duration),
    headers: { authorization: `Bearer ${values.token}` },
    requests: [{
      method: 'GET',
      setupRequest: (request) => {
        const officer = `J${String(1 + Math.floor(Math.random() * officers)).padStart(5, '0')}`;
        const unit = `U${String(1 + Math.floor(Math.random() * Number(values.units))).padStart(2, '0')}`;
        const search = target.search.replace('%7BunitId%7D', unit).replace('{unitId}', unit);
        return { ...request, path: `${target.pathname.replace('%7BofficerId%7D', officer).replace('{officerId}', officer)}${search}` };
      },
    }],
  });
  process.stdout.write(`${JSON.stringify({
    historyOf,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`);
}

// --- the benchmark ---------------------------------------------------------------------------------

async function bench(): Promise<void> {
  const dir = path.join(root, 'bench-results', 'tmp', `replay-${officers}-${events}-${seed}`);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'generated.json'))) {
    log(`Generating a bureau of ${officers} officers and ${events} events through the command path (once; kept in ${path.relative(root, dir)})`);
    await runChild(['--generate', dir, '--events', String(events), '--officers', String(officers), '--seed', String(seed)], false);
  }
  const generated = JSON.parse(fs.readFileSync(path.join(dir, 'generated.json'), 'utf8')) as { events: number; officers: number; units: number; cases: number; from: string; lastDay: string };

  const { openSqliteEventStore } = await import('../src/store/sqlite/sqlite-event-store.js');
  const { rebuildReadModels } = await import('../src/read-models/rebuild.js');
  const { READ_MODEL_FILE } = await import('../src/read-models/read-model-database.js');
  const { loadConfig } = await import('../src/config.js');
  const { composeRegister } = await import('../src/composition.js');
  const { signToken } = await import('../src/http/token-signer.js');

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  // 1. Full rebuild of every read model from the log.
  const store = await openSqliteEventStore({ path: path.join(dir, 'events.db') });
  const tty = process.stdout.isTTY;
  const rebuilt = await rebuildReadModels({
    store,
    path: path.join(dir, READ_MODEL_FILE),
    logFile: path.join(dir, 'events.db'),
    onProgress: ({ events: done }) => {
      const line = `rebuilding: ${done} events`;
      process.stdout.write(tty ? `\r${line}` : `${line}\n`);
    },
  });
  if (tty) process.stdout.write('\n');
  rebuilt.database.close();
  await store.close();
  const rebuildEventsPerSecond = Math.round(rebuilt.events / (rebuilt.ms / 1000));
  log(`rebuilt every read model from ${rebuilt.events} events in ${(rebuilt.ms / 1000).toFixed(2)} s: ${rebuildEventsPerSecond} events/s`);

  // 2. The register on that log and those read models, over HTTP. No scheduled seal or verification:
  // a verification of the whole log (its first a minute after start) would share the cores with
  // the requests measured.
  const secret = randomBytes(32).toString('base64url');
  const config = loadConfig({
    NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: secret, RATE_LIMIT_MAX: '0', SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0', LOG_LEVEL: 'warn',
  });
  const register = await composeRegister(config, { logger: { level: 'warn' } });
  await register.projections.waitUntilCaughtUp(120_000);
  const address = await register.app.listen({ port: 0, host: '127.0.0.1' });
  const token = signToken({ sub: 'bench-hr', roles: ['hr'] }, { secret });
  const measure = async (url: string) => {
    const cpu = process.cpuUsage();
    const args = ['--load', url, '--token', token, '--officers', String(generated.officers), '--units', String(generated.units), '--duration', String(values.duration), '--connections', String(values.connections)];
    const result = JSON.parse((await runChild(args, true)).trim().split('\n').at(-1)!) as {
      requests: number; rps: number; p50: number; p99: number; max: number; non2xx: number; errors: number; timeouts: number;
    };
    const used = process.cpuUsage(cpu);
    /** Server CPU per request (this process serves; the load comes from a child on the same cores). */
    return { ...result, serverCpuMs: Number(((used.user + used.system) / 1000 / Math.max(1, result.requests)).toFixed(3)) };
  };
  const probe = await fetch(`${address}/api/v1/rotation-schedule`, { headers: { authorization: `Bearer ${token}` } });
  const page = await probe.json() as { total: number; items: unknown[] };
  log(`rotation schedule: ${page.total} holders of sensitive posts, ${page.items.length} per page`);
  const schedule = await measure(`${address}/api/v1/rotation-schedule`);
  log(`GET /api/v1/rotation-schedule: ${schedule.requests} requests, ${Math.round(schedule.rps)}/s, p50 ${schedule.p50} ms, p99 ${schedule.p99} ms, non-2xx ${schedule.non2xx}`);
  log(`  (server CPU ${schedule.serverCpuMs} ms a request; answers are cached between commits of the read models)`);
  const byUnit = await measure(`${address}/api/v1/rotation-schedule?unitId={unitId}&status=overdue`);
  log(`GET /api/v1/rotation-schedule?unitId=<one of ${generated.units}>&status=overdue: ${byUnit.requests} requests, ${Math.round(byUnit.rps)}/s, p50 ${byUnit.p50} ms, p99 ${byUnit.p99} ms (server CPU ${byUnit.serverCpuMs} ms a request)`);
  const history = await measure(`${address}/api/v1/officers/{officerId}/history`);
  log(`GET /api/v1/officers/{id}/history: ${history.requests} requests, ${Math.round(history.rps)}/s, p50 ${history.p50} ms, p99 ${history.p99} ms, non-2xx ${history.non2xx} (server CPU ${history.serverCpuMs} ms a request)`);
  await register.close();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const result = {
    events: rebuilt.events,
    officers: generated.officers,
    cases: generated.cases,
    history: `${generated.from}..${generated.lastDay}`,
    rebuildEventsPerSecond,
    rebuildSeconds: Number((rebuilt.ms / 1000).toFixed(2)),
    scheduleP99Ms: schedule.p99,
    scheduleP50Ms: schedule.p50,
    scheduleRequestsPerSecond: Math.round(schedule.rps),
    scheduleRows: page.total,
    scheduleServerCpuMs: schedule.serverCpuMs,
    scheduleByUnitP99Ms: byUnit.p99,
    scheduleByUnitP50Ms: byUnit.p50,
    historyP99Ms: history.p99,
    historyP50Ms: history.p50,
    historyRequestsPerSecond: Math.round(history.rps),
    historyServerCpuMs: history.serverCpuMs,
    httpErrors: schedule.non2xx + schedule.errors + byUnit.non2xx + byUnit.errors + history.non2xx + history.errors,
    connections: Number(values.connections),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    targets: { rebuildEventsPerSecond: 200_000, scheduleP99Ms: 20, historyP99Ms: 20, peakRssMb: 600 },
  };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results', 'replay.json'), `${JSON.stringify(result, null, 2)}\n`);
  log(JSON.stringify(result));
}

const job = values.generate ? generate(values.generate) : values.load ? load(values.load) : bench();
job.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
