// The crash test: a child process appends under load and reports each acknowledged append; it is
// killed with SIGKILL at a random moment; the store is reopened, must open cleanly, and must hold
// every acknowledged append, in order, with no append half-written. Repeated on the same file, so
// each round also starts from a store that was itself recovered from a crash.

import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { collect } from '../fixtures/conformance.js';
import { childEnvironment } from '../fixtures/child-environment.js';

const ROUNDS = 5;
const writer = fileURLToPath(new URL('../fixtures/crash-writer.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

interface Ack {
  stream: string;
  revision: bigint;
  position: bigint;
  ids: string[];
}

/** Runs the writer until it has acknowledged `killAfter` appends (or `maxMs` passed), then SIGKILLs it. */
function runAndKill(path: string, killAfter: number, maxMs: number): Promise<{ acks: Ack[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The writer runs in this very process (node --import tsx), so SIGKILL reaches the process that writes.
    const child = spawn(process.execPath, ['--import', tsx, writer, path], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnvironment() });
    const acks: Ack[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(kill, maxMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!; // a line cut by the kill has no newline: it was never fully reported
      for (const line of lines) {
        const [word, stream, revision, position, ids] = line.split(' ');
        if (word !== 'ack') continue;
        acks.push({ stream: stream!, revision: BigInt(revision!), position: BigInt(position!), ids: ids!.split(',') });
      }
      if (acks.length >= killAfter) kill();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ acks, signal, stderr });
    });
  });
}

t.test(`SIGKILL while appending, ${ROUNDS} times: every acknowledged append survives, in order`, async (t) => {
  const path = join(t.testdir(), 'crash.db');
  const acknowledged: Ack[] = [];

  for (let round = 1; round <= ROUNDS; round += 1) {
    const killAfter = 150 + Math.floor(Math.random() * 600);
    const { acks, signal, stderr } = await runAndKill(path, killAfter, 15_000);
    t.equal(signal, 'SIGKILL', `round ${round}: the writer was killed (${acks.length} acknowledged)${stderr ? `; stderr: ${stderr}` : ''}`);
    t.ok(acks.length > 0, `round ${round}: the writer acknowledged appends before it was killed`);
    acknowledged.push(...acks);

    let integrity: unknown;
    const store = await openSqliteEventStore({ path, testHooks: { afterOpen: (db: Database.Database) => (integrity = db.pragma('integrity_check', { simple: true })) } });
    try {
      t.equal(integrity, 'ok', `round ${round}: the file opens cleanly and passes SQLite's integrity check`);
      const log = await collect(store.readAll());
      checkLog(t, round, log, acknowledged);
    } finally {
      await store.close();
    }
  }
});

function checkLog(t: Test, round: number, log: RecordedEvent[], acknowledged: Ack[]): void {
  const byId = new Map(log.map((event) => [event.id, event]));
  const missing = acknowledged.filter((ack) => ack.ids.some((id) => !byId.has(id)));
  t.same(missing, [], `round ${round}: all ${acknowledged.length} acknowledged appends are present`);

  const misplaced = acknowledged.filter((ack) => {
    const last = byId.get(ack.ids[ack.ids.length - 1]!);
    return !last || last.streamName !== ack.stream || last.revision !== ack.revision || last.position !== ack.position;
  });
  t.same(misplaced, [], `round ${round}: each at the stream, revision and position it was acknowledged with`);

  let ordered = true;
  let contiguous = true;
  const heads = new Map<string, bigint>();
  for (let index = 0; index < log.length; index += 1) {
    const event = log[index]!;
    if (index > 0 && event.position <= log[index - 1]!.position) ordered = false;
    const expected = (heads.get(event.streamName) ?? -1n) + 1n;
    if (event.revision !== expected) contiguous = false;
    heads.set(event.streamName, event.revision);
  }
  t.ok(ordered, `round ${round}: positions strictly grow`);
  t.ok(contiguous, `round ${round}: every stream's revisions run 0, 1, 2, ... with no gap`);

  const parts = new Map<string, { seen: number; of: number }>();
  for (const event of log) {
    const key = `${String(event.data['run'])}/${String(event.data['producer'])}/${String(event.data['sequence'])}`;
    const entry = parts.get(key) ?? { seen: 0, of: event.data['of'] as number };
    entry.seen += 1;
    parts.set(key, entry);
  }
  const torn = [...parts].filter(([, entry]) => entry.seen !== entry.of);
  t.same(torn, [], `round ${round}: no append is half there`);
}
