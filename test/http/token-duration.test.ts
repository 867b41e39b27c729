// `npm run token -- --expires-in X`: how long an operator's token lives. The accepted forms give
// the right number of seconds; anything else (or nothing at all) is refused rather than guessed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { parseDuration, signToken } from '../../src/http/token-signer.js';

t.test('seconds, minutes, hours and days', async (t) => {
  t.equal(parseDuration('90'), 90, 'a bare number is seconds');
  t.equal(parseDuration('30s'), 30);
  t.equal(parseDuration('15m'), 15 * 60);
  t.equal(parseDuration('8h'), 8 * 3600);
  t.equal(parseDuration('7d'), 7 * 86_400);
  t.equal(parseDuration(' 2 h '), 2 * 3600, 'spaces around and between are tolerated');
});

t.test('what is not a duration, or no time at all, is refused', async (t) => {
  for (const text of ['', 'h', '8w', '1.5h', '-1h', '8 hours', '0', '0d', 'PT8H']) {
    t.equal(parseDuration(text), undefined, JSON.stringify(text));
  }
});

t.test('the parsed duration is how long the signed token lives', async (t) => {
  const token = signToken({ sub: 'inspector-1', roles: ['inspector'] }, { secret: 'k'.repeat(32), expiresInSeconds: parseDuration('15m')! });
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
  t.equal(payload.exp - payload.iat, 900);
});

t.test('npm run token says so when it makes a development key no register has used yet', async (t) => {
  const dataDir = join(t.testdir(), 'data');
  const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--sub', 'li', '--roles', 'hr'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, encoding: 'utf8',
  });
  const first = run();
  t.equal(first.status, 0, first.stderr);
  t.match(first.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'only the token on stdout');
  t.match(first.stderr, /made a new development key/);
  t.ok(first.stderr.includes(dataDir));
  const second = run();
  t.equal(second.status, 0);
  t.equal(second.stderr, '', 'a key already there: nothing to say');
});
