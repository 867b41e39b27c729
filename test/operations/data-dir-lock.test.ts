// One register on a DATA_DIR at a time: a second `npm start` (or a seed, or a restore) on a folder a
// register runs on is refused with who holds it, and the lock never outlives its process (a register
// killed with SIGKILL leaves a file behind that does not block the next start).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startRegisterProcess } from '../../src/operations/crash-drill/register-process.js';
import { holdDataDir, LOCK_FILE } from '../../src/operations/data-dir-lock.js';
import { backupSqliteStore } from '../../src/operations/backup.js';
import { restoreBackup } from '../../src/operations/restore.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { runScript } from '../fixtures/operations/run-script.js';

t.setTimeout(180_000);
const QUIET = { SEAL_INTERVAL_MINUTES: '0', VERIFY_INTERVAL_MINUTES: '0' };
const SECRET = 'data-dir-lock-test-secret-0123456789abcdef';

function scratch(t: { teardown(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a lock is held until released, and names its holder to whoever is refused', async (t) => {
  const dataDir = scratch(t, 'register-lock-');
  const lock = holdDataDir(dataDir, 'the register on port 3000');
  t.throws(() => holdDataDir(dataDir, 'a seed'), {
    name: 'DataDirInUseError',
    message: new RegExp(`DATA_DIR .* is in use by the register on port 3000 \\(pid ${process.pid}, since .*\\).*Stop it first, or give this one another DATA_DIR`),
  });
  lock.release();
  holdDataDir(dataDir, 'a seed').release();
  t.ok(readdirSync(dataDir).includes(LOCK_FILE));
});

t.test('a second register on the same DATA_DIR is refused; the first goes on; a killed register does not block the next', async (t) => {
  const dataDir = scratch(t, 'register-two-');
  const first = await startRegisterProcess({ dataDir, jwtSecret: SECRET, env: QUIET });
  t.teardown(() => first.kill());
  const second = await runScript('src/main.ts', [], { DATA_DIR: dataDir, JWT_SECRET: SECRET, PORT: '0', ...QUIET });
  t.equal(second.code, 1, 'exit status 1');
  t.match(second.stderr, new RegExp(`The register could not start: DATA_DIR .* is in use by the register on port 0 \\(pid ${first.pid}, since`));
  t.notMatch(second.stderr, /\n\s+at /, 'no stack trace');
  t.notMatch(second.stdout, /listening on/);
  t.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first register still answers');

  const seed = await runScript('scripts/seed.ts', ['--officers', '5', '--years', '1'], { DATA_DIR: dataDir, JWT_SECRET: SECRET });
  t.equal(seed.code, 1, 'a seed is refused too');
  t.match(seed.stderr, /is in use by the register on port 0/);

  await first.kill();
  const next = await startRegisterProcess({ dataDir, jwtSecret: SECRET, env: QUIET });
  t.equal((await fetch(`${next.url}/healthz`)).status, 200, 'after SIGKILL the next register starts');
  t.equal(await next.stop(), 0);
});

t.test('a restore is refused on a DATA_DIR a register holds, and holds it while it runs', async (t) => {
  const source = scratch(t, 'register-lock-source-');
  const store = await openSqliteEventStore({ path: join(source, 'events.db') });
  await store.close();
  const out = join(scratch(t, 'register-lock-backup-'), 'empty.backup');
  await backupSqliteStore({ storePath: join(source, 'events.db'), out });

  const dataDir = scratch(t, 'register-lock-target-');
  const lock = holdDataDir(dataDir, 'the register on port 3000');
  await t.rejects(restoreBackup({ from: out, dataDir }), { name: 'RestoreRefusedError', message: /is in use by the register on port 3000/ });
  t.same(readdirSync(dataDir), [LOCK_FILE], 'nothing restored beside it');
  lock.release();

  await restoreBackup({ from: out, dataDir });
  t.ok(readdirSync(dataDir).includes('events.db'), 'restored once the register is gone');
  t.doesNotThrow(() => holdDataDir(dataDir, 'the register').release(), 'and the restore let go of the lock');
});
