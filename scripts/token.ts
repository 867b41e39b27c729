// Mints a bearer token for the register with the key it verifies: the development key in DATA_DIR,
// or JWT_SECRET. Usage:
//   npm run token -- --sub USER --roles inspector[,hr,...] [--officer-id ID] [--expires-in 8h]
// Prints only the token, so `TOKEN=$(npm run -s token -- --sub li --roles inspector)` works.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { roles as knownRoles, type Role } from '../src/application/command-context.js';
import { ConfigError, DEV_KEY_FILE, loadConfig } from '../src/config.js';
import { parseDuration, signToken } from '../src/http/token-signer.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const usage = 'usage: npm run token -- --sub USER --roles inspector[,hr,auditor,admin] [--officer-id ID] [--expires-in 8h]';

let parsed;
try {
  parsed = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      'officer-id': { type: 'string' },
      'expires-in': { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const args = parsed.values;
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!args.sub?.trim()) fail(`--sub is required (the user the token acts as)\n${usage}`);
const roles = (args.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
if (roles.length === 0) fail(`--roles is required\n${usage}`);
const unknown = roles.filter((role) => !(knownRoles as readonly string[]).includes(role));
if (unknown.length > 0) fail(`unknown role(s): ${unknown.join(', ')}; roles are ${knownRoles.join(', ')}`);
const expiresInSeconds = parseDuration(args['expires-in'] ?? '8h');
if (expiresInSeconds === undefined) fail('--expires-in must look like 3600, 30m, 8h or 7d');

// Whether the development key was there before: if this run makes it, no register started so far
// (with another DATA_DIR, say) will take the token.
const devKeyPath = join(resolve(process.env.DATA_DIR || 'data'), DEV_KEY_FILE);
const devKeyExisted = existsSync(devKeyPath);
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const key = config.jwt.key;
if (key.kind !== 'secret') {
  fail('JWT_PUBLIC_KEY is set: tokens come from your identity provider, which holds the private key. This script signs only with JWT_SECRET or the development key.');
}
if (key.source === 'development key' && !devKeyExisted) {
  process.stderr.write(`note: made a new development key, ${key.path}: a register started with another DATA_DIR will refuse this token (run this with that register's DATA_DIR)\n`);
}

process.stdout.write(`${signToken(
  { sub: args.sub.trim(), roles: roles as Role[], ...(args['officer-id'] ? { officerId: args['officer-id'] } : {}) },
  { secret: key.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, expiresInSeconds },
)}\n`);
