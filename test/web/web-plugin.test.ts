import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import t from 'tap';
import type { JwtKey } from '../../src/config.js';
import { ruleCatalogue } from '../../src/domain/rules.js';
import { devSignInAllowed, webInterface } from '../../src/http/web/web-interface.js';

// The web plugin without a browser: what it serves, and that the development sign-in exists only
// with the development key outside production.

const devKey: JwtKey = { kind: 'secret', secret: 'd'.repeat(48), source: 'development key', path: '/tmp/x' };
const realKey: JwtKey = { kind: 'secret', secret: 's'.repeat(48), source: 'JWT_SECRET' };
const publicKey: JwtKey = { kind: 'public', publicKey: '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----' };

function builtPages(): string {
  const root = mkdtempSync(join(tmpdir(), 'web-pages-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>登记系统</title><script type="module" src="/assets/app-abc123.js"></script>');
  writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log("登记")');
  writeFileSync(join(root, 'build-stamp.json'), '{"digest":"x"}');
  return root;
}

async function appWith(key: JwtKey, nodeEnv: string, root = builtPages()) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(webInterface, { auth: { key }, bureauTimezone: 'Asia/Shanghai', nodeEnv, root });
  await app.ready();
  return app;
}

t.test('the development sign-in exists only with the development key, outside production', async (t) => {
  t.equal(devSignInAllowed({ auth: { key: devKey }, nodeEnv: 'development' }), true);
  t.equal(devSignInAllowed({ auth: { key: devKey }, nodeEnv: 'test' }), true);
  t.equal(devSignInAllowed({ auth: { key: devKey }, nodeEnv: 'production' }), false, 'never in production');
  t.equal(devSignInAllowed({ auth: { key: realKey }, nodeEnv: 'development' }), false, 'never with JWT_SECRET');
  t.equal(devSignInAllowed({ auth: { key: publicKey }, nodeEnv: 'development' }), false, 'never with a public key');

  const production = await appWith(devKey, 'production');
  t.teardown(() => production.close());
  const refused = await production.inject({ method: 'POST', url: '/web/dev/token', payload: { sub: 'x', roles: ['admin'] } });
  t.equal(refused.statusCode, 404, 'no such route in production');
  t.same((await production.inject('/web/config.json')).json(), { devSignIn: false, bureauTimezone: 'Asia/Shanghai' });

  const withSecret = await appWith(realKey, 'development');
  t.teardown(() => withSecret.close());
  t.equal((await withSecret.inject({ method: 'POST', url: '/web/dev/token', payload: { sub: 'x', roles: ['admin'] } })).statusCode, 404);
});

t.test('in development the sign-in mints a token for the chosen roles', async (t) => {
  const app = await appWith(devKey, 'development');
  t.teardown(() => app.close());
  t.same((await app.inject('/web/config.json')).json(), { devSignIn: true, bureauTimezone: 'Asia/Shanghai' });

  const answer = await app.inject({ method: 'POST', url: '/web/dev/token', payload: { sub: 'insp-wang', roles: ['inspector', 'auditor'], officerId: 'A001' } });
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['cache-control'], 'no-store');
  const { token } = answer.json() as { token: string };
  const [, payload] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  t.equal(claims.sub, 'insp-wang');
  t.same(claims.roles, ['inspector', 'auditor']);
  t.equal(claims.officerId, 'A001');
  t.ok(typeof claims.exp === 'number' && claims.exp > Date.now() / 1000, 'the token expires');

  const badRole = await app.inject({ method: 'POST', url: '/web/dev/token', payload: { sub: 'x', roles: ['superuser'] } });
  t.equal(badRole.statusCode, 400, 'unknown roles are refused');
  const noRoles = await app.inject({ method: 'POST', url: '/web/dev/token', payload: { sub: 'x', roles: [] } });
  t.equal(noRoles.statusCode, 400, 'a token needs a role');

  const fromAfar = await app.inject({ method: 'POST', url: '/web/dev/token', remoteAddress: '192.168.1.23', payload: { sub: 'x', roles: ['auditor'] } });
  t.equal(fromAfar.statusCode, 403, 'a browser on another machine gets no token');
  t.notOk('token' in fromAfar.json());
  const proxied = await app.inject({ method: 'POST', url: '/web/dev/token', headers: { 'x-forwarded-for': '10.0.0.8' }, payload: { sub: 'x', roles: ['auditor'] } });
  t.equal(proxied.statusCode, 403, 'nor one behind a proxy on this machine');
  const ipv6 = await app.inject({ method: 'POST', url: '/web/dev/token', remoteAddress: '::1', payload: { sub: 'x', roles: ['auditor'] } });
  t.equal(ipv6.statusCode, 200, 'the IPv6 loopback is this machine');
  for (const host of ['127.0.0.1:3917', 'localhost', '[::1]:3917']) {
    const named = await app.inject({ method: 'POST', url: '/web/dev/token', headers: { host, origin: `http://${host}` }, payload: { sub: 'x', roles: ['auditor'] } });
    t.equal(named.statusCode, 200, `addressed as ${host}`);
  }
  // DNS rebinding: a page from elsewhere whose name now resolves to 127.0.0.1.
  const rebound = await app.inject({ method: 'POST', url: '/web/dev/token', headers: { host: 'rebind.attacker.example:3917' }, payload: { sub: 'x', roles: ['auditor'] } });
  t.equal(rebound.statusCode, 403, 'a request addressed to another host name gets no token');
  const foreignOrigin = await app.inject({
    method: 'POST', url: '/web/dev/token', headers: { host: 'localhost:3917', origin: 'http://rebind.attacker.example:3917' }, payload: { sub: 'x', roles: ['auditor'] },
  });
  t.equal(foreignOrigin.statusCode, 403, 'nor one sent by a page of another origin');
});

t.test('the rules speak Chinese to the pages, from the domain catalogue', async (t) => {
  const app = await appWith(devKey, 'production');
  t.teardown(() => app.close());
  const messages = (await app.inject('/web/rule-messages.json')).json() as Record<string, { zh: string; en: string }>;
  t.same(Object.keys(messages).sort(), Object.keys(ruleCatalogue).sort(), 'every rule of the catalogue');
  t.equal(messages.finding_required?.zh, ruleCatalogue.finding_required.zh);
  const references = (await app.inject('/web/rule-references.json')).json() as { rules: { code: string; group: string }[] };
  t.ok(references.rules.some((r) => r.code === 'bbz-1' && r.group === '八不准'));
});

t.test('the built pages are served at /, assets cached for good, the page revalidated', async (t) => {
  const app = await appWith(devKey, 'production');
  t.teardown(() => app.close());
  const index = await app.inject('/');
  t.equal(index.statusCode, 200);
  t.match(index.headers['content-type'], /text\/html/);
  t.equal(index.headers['cache-control'], 'no-cache');
  t.match(index.body, /登记系统/);
  const asset = await app.inject('/assets/app-abc123.js');
  t.equal(asset.statusCode, 200);
  t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  t.equal((await app.inject('/build-stamp.json')).statusCode, 404, 'the build stamp is not served');
  t.equal((await app.inject('/api/v1/nothing')).statusCode, 404, 'no catch-all route: unknown paths stay 404');
});

t.test('without a build, / says how to build it', async (t) => {
  const app = await appWith(devKey, 'production', mkdtempSync(join(tmpdir(), 'web-empty-')));
  t.teardown(() => app.close());
  const page = await app.inject('/');
  t.equal(page.statusCode, 503);
  t.match(page.body, /npm run build:web/);
});
