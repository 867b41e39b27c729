import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, hr } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// Token verification beyond the per-route checks: identity-provider keys (RS256, ES256), issuer and
// audience, required claims, and the classic algorithm-confusion attack.

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'hr-zhao', roles: ['hr'], iat: now(), exp: now() + 600, ...extra });

function jwt(alg: string, payload: Record<string, unknown>, signature: (input: string) => Buffer): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${signature(input).toString('base64url')}`;
}
const rs256 = (key: KeyObject, payload: Record<string, unknown>) => jwt('RS256', payload, (input) => sign('sha256', Buffer.from(input), key));
const es256 = (key: KeyObject, payload: Record<string, unknown>) =>
  jwt('ES256', payload, (input) => sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }));
const hs256 = (secret: string, payload: Record<string, unknown>) => jwt('HS256', payload, (input) => createHmac('sha256', secret).update(input).digest());

const unit = (n: string) => ({ unitId: `U-${n}`, name: `单位${n}` });

t.test('RS256 tokens from an identity provider verify with JWT_PUBLIC_KEY; HS256 with that key as secret does not', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const register = await startTestRegister(t, { clock: fixedClock, env: { JWT_SECRET: '', JWT_PUBLIC_KEY: pem } });
  const ok = await register.post('/api/v1/units', unit('rsa'), { as: rs256(privateKey, claims()) });
  t.equal(ok.statusCode, 201, ok.body);
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('confused'), { as: hs256(pem, claims()) }), 'HS256 signed with the public key');
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('other'), { as: rs256(other, claims()) }), 'another key');
});

t.test('ES256 tokens verify with an EC public key', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const register = await startTestRegister(t, { clock: fixedClock, env: { JWT_SECRET: '', JWT_PUBLIC_KEY: pem } });
  const ok = await register.post('/api/v1/units', unit('ec'), { as: es256(privateKey, claims()) });
  t.equal(ok.statusCode, 201, ok.body);
});

t.test('issuer and audience are checked when configured', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock, env: { JWT_ISSUER: 'https://idp.bureau.example', JWT_AUDIENCE: 'discipline-register' } });
  const good = { iss: 'https://idp.bureau.example', aud: 'discipline-register' };
  t.equal((await register.post('/api/v1/units', unit('iss'), { as: hs256(register.secret, claims(good)) })).statusCode, 201);
  t.equal((await register.post('/api/v1/units', unit('minted'), { as: hr })).statusCode, 201, 'the fixture mints with iss and aud');
  for (const [label, extra] of [
    ['wrong issuer', { ...good, iss: 'https://evil.example' }],
    ['no issuer', { aud: good.aud }],
    ['wrong audience', { ...good, aud: 'another-app' }],
    ['no audience', { iss: good.iss }],
  ] as const) {
    await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit(label.replace(/\W/g, '')), { as: hs256(register.secret, claims(extra)) }), label);
  }
});

t.test('exp and sub are required; unknown roles grant nothing; only Bearer is accepted', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const { exp: _exp, ...noExp } = claims();
  const { sub: _sub, ...noSub } = claims();
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('a'), { as: hs256(register.secret, noExp) }), 'no exp');
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('b'), { as: hs256(register.secret, noSub) }), 'no sub');
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('c'), { as: hs256(register.secret, claims({ roles: 'hr' })) }), 'roles not an array');
  await expectRefused(t, register, 403, () => register.post('/api/v1/units', unit('d'), { as: hs256(register.secret, claims({ roles: ['superuser', 'HR'] })) }), 'unknown roles');
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('e'), { headers: { authorization: `Basic ${b64('hr:secret')}` } }), 'basic auth');
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('f'), { headers: { authorization: 'Bearer' } }), 'empty bearer');
  const future = hs256(register.secret, claims({ nbf: now() + 3600 }));
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', unit('g'), { as: future }), 'not valid yet');
});

t.test('the token is checked before the body: an anonymous caller learns nothing about validation', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await expectRefused(t, register, 401, () => register.post('/api/v1/units', { nonsense: true }), 'no token, bad body');
  await expectRefused(t, register, 403, () => register.post('/api/v1/units', { nonsense: true }, { as: { roles: ['auditor'] } }), 'wrong role, bad body');
});
