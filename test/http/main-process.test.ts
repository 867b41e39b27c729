import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { signToken } from '../../src/http/token-signer.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';

// `npm start` as an operator runs it: a child process on a temporary DATA_DIR. SIGTERM stops it
// accepting, lets requests in flight finish, and closes the store: every acknowledged write is there.

interface Started {
  child: ChildProcess;
  address: string;
  output: () => string;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', SEAL_INTERVAL_MINUTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address after 60 s:\n${output}`)), 60_000);
    const look = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, address: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
}

t.test('with no key in production it refuses to start, saying why', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: t.testdir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const [code] = await once(child, 'exit');
  t.equal(code, 1);
  t.match(stderr, /NODE_ENV=production needs JWT_SECRET or JWT_PUBLIC_KEY/);
});

t.test('a port already in use: one line saying so and what to do, exit status 1, the store closed', async (t) => {
  const busy = createServer();
  busy.listen(0, '127.0.0.1');
  await once(busy, 'listening');
  t.teardown(() => busy.close());
  const port = (busy.address() as AddressInfo).port;
  const dataDir = t.testdir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), SEAL_INTERVAL_MINUTES: '0', DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const [code] = await once(child, 'exit');
  t.equal(code, 1);
  t.equal(stderr, `The register could not start: 127.0.0.1:${port} is already in use (another register, or another program, listens there): stop it, or set PORT to a free port\n`, 'one line, no stack trace');
  t.notOk(existsSync(join(dataDir, 'events.db-wal')), 'the store was closed (its WAL checkpointed and removed)');
});

t.test('SIGTERM finishes the requests in flight, closes the store, and loses nothing acknowledged', async (t) => {
  const dataDir = t.testdir();
  const secret = randomBytes(32).toString('base64url');
  const { child, address, output } = await start({ DATA_DIR: dataDir, JWT_SECRET: secret, LOG_LEVEL: 'info' });
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  t.match(output(), /npm run token -- --sub USER --roles inspector/, 'the hint is printed');
  t.ok(output().includes(`DATA_DIR=${dataDir} npm run token`), 'with the DATA_DIR the token script must read');

  const auth = (roles: string[]) => ({ authorization: `Bearer ${signToken({ sub: 'op', roles: roles as never }, { secret })}`, 'content-type': 'application/json' });
  const post = (path: string, body: unknown, roles: string[]) => fetch(`${address}${path}`, { method: 'POST', headers: auth(roles), body: JSON.stringify(body) });
  t.equal((await post('/api/v1/units', { unitId: 'U1', name: '一中队' }, ['hr'])).status, 201);
  t.equal((await post('/api/v1/officers', { officerId: 'O1', name: '张伟', unitId: 'U1', hiredOn: '2015-03-01' }, ['hr'])).status, 201);

  const report = { officerIds: ['O1'], category: 'conduct', channel: 'phone', occurredOn: '2021-06-01', summary: '态度粗暴' };
  let signalled = false;
  const attempts = Array.from({ length: 40 }, () =>
    post('/api/v1/cases', report, ['inspector']).then(
      async (response) => {
        if (!signalled) {
          signalled = true;
          child.kill('SIGTERM');
        }
        return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '', retryAfter: response.headers.get('retry-after') };
      },
      (error: unknown) => ({ status: 0, body: String(error), type: '', retryAfter: null }),
    ));
  const results = await Promise.all(attempts);
  const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
  if (code !== 0) t.comment(output());
  t.equal(code, 0, 'exits cleanly');
  t.match(output(), /stopped cleanly/);
  // Acknowledged (201), or refused before anything was written: a 503 problem on a connection that
  // was still open, or no connection at all.
  t.ok(results.every((r) => r.status === 201 || r.status === 0 || r.status === 503), `statuses: ${[...new Set(results.map((r) => r.status))].join(',')}`);
  for (const refused of results.filter((r) => r.status === 503)) {
    t.match(refused.type, /problem\+json/);
    t.equal(refused.retryAfter, '1');
  }
  // Every request the server had started on was finished, not cut off.
  const lines = output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { reqId?: string; msg: string });
  const started = new Set(lines.filter((l) => l.msg === 'incoming request').map((l) => l.reqId));
  const completed = new Set(lines.filter((l) => l.msg === 'request completed').map((l) => l.reqId));
  t.same([...started].filter((id) => !completed.has(id)), [], 'no request left unfinished');
  const acknowledged = results.filter((r) => r.status === 201).map((r) => (JSON.parse(r.body) as { id: string }).id);
  t.ok(acknowledged.length >= 1, `${acknowledged.length} of 40 reports acknowledged before and during the shutdown`);

  const store = await openSqliteEventStore({ path: `${dataDir}/events.db` });
  t.teardown(() => store.close());
  for (const caseId of acknowledged) {
    const events = await store.readStream(`case-${caseId}`);
    t.equal(events[0]?.type, 'CaseReported', `case ${caseId} is in the log`);
  }
  await t.rejects(fetch(`${address}/healthz`), 'no longer accepting connections');
});
