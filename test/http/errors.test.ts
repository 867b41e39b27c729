import { connect, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, hr, inspector } from '../fixtures/http-bureau.js';
import { expectRefused } from '../fixtures/write-route-checks.js';

// Problem documents for what happens before or around a route: size, media type, content encoding,
// rate, unknown routes, and a store that is down. None of them writes anything; none is a 5xx except the store.

t.test('a body over the limit is a 413', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock, env: { BODY_LIMIT_BYTES: '2048' } });
  const big = { unitId: 'U-BIG', name: '大'.repeat(1000) };
  const response = await expectRefused(t, register, 413, () => register.post('/api/v1/units', big, { as: hr }), 'large body');
  t.match(response.json(), { type: '/problems/payload-too-large', detail: /2048/ });
});

t.test('a body that is not JSON is a 415; JSON that does not parse is a 400', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
    await expectRefused(t, register, 415, () => register.post('/api/v1/units', 'unitId=U1&name=x', { as: hr, headers: { 'content-type': type } }), type);
  }
  await expectRefused(t, register, 400, () => register.post('/api/v1/units', '{"unitId": "U1",', { as: hr }), 'truncated JSON');
  await expectRefused(t, register, 400, () => register.post('/api/v1/units', '{"__proto__": {"admin": true}, "unitId": "U1", "name": "x"}', { as: hr }), 'prototype poisoning');
  const ok = await register.post('/api/v1/units', { unitId: 'U-CHARSET', name: '单位' }, { as: hr, headers: { 'content-type': 'application/json; charset=utf-8' } });
  t.equal(ok.statusCode, 201, 'JSON with a charset is fine');
});

t.test('a body with a content encoding other than identity is a 415 that says so, on every route, and writes nothing', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const unit = JSON.stringify({ unitId: 'U-GZ', name: '单位' });
  const encoded: Array<[string, string, Buffer, typeof hr]> = [
    ['/api/v1/units', 'gzip', gzipSync(unit), hr],
    ['/api/v1/units', 'GZIP', gzipSync(unit), hr],
    ['/api/v1/units', 'gzip, identity', gzipSync(unit), hr],
    ['/api/v1/cases', 'deflate', deflateSync(JSON.stringify({ officerIds: ['O1'], category: 'conduct', channel: 'phone', occurredOn: '2021-06-01', summary: 'x' })), inspector],
    ['/api/v1/audit/seals', 'br', brotliCompressSync('{}'), auditor],
    // Even a body that happens to read as plain JSON: the header says it is not.
    ['/api/v1/units', 'gzip', Buffer.from(unit), hr],
  ];
  for (const [url, coding, payload, as] of encoded) {
    const response = await expectRefused(t, register, 415, () => register.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${register.token(as)}`, 'content-type': 'application/json', 'content-encoding': coding },
      payload,
    }), `POST ${url} with Content-Encoding: ${coding}`);
    t.match(response.json(), {
      type: '/problems/unsupported-content-encoding',
      title: /without content encoding/,
      detail: /takes request bodies without content encoding/,
      instance: url,
    }, `${url} ${coding}: says what is wrong`);
    t.notOk('errors' in response.json(), 'not a 400 about JSON');
    t.equal(response.headers['accept-encoding'], 'identity', 'names the coding it takes');
  }
  for (const coding of ['identity', 'Identity', '']) {
    const ok = await register.post('/api/v1/units', { unitId: `U-ID${coding.length}${coding.slice(0, 1)}`, name: '单位' }, { as: hr, headers: { 'content-encoding': coding } });
    t.equal(ok.statusCode, 201, `Content-Encoding: ${JSON.stringify(coding)} is a plain body (${ok.body})`);
  }
  const bodiless = await register.get('/healthz', { headers: { 'content-encoding': 'gzip' } });
  t.equal(bodiless.statusCode, 200, 'a request without a body has no encoding to refuse');
});

t.test('too many requests is a 429 with Retry-After; health checks are not limited', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock, env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
  for (let i = 0; i < 3; i++) t.equal((await register.post('/api/v1/units', { unitId: `U-R${i}`, name: '单位' }, { as: hr })).statusCode, 201);
  const response = await expectRefused(t, register, 429, () => register.post('/api/v1/units', { unitId: 'U-R9', name: '单位' }, { as: hr }), 'fourth request');
  t.ok(Number(response.headers['retry-after']) > 0, 'Retry-After');
  t.equal((await register.get('/healthz')).statusCode, 200);
  t.equal((await register.get('/readyz')).statusCode, 200);
});

t.test('an unknown route or method is a 404 problem', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await expectRefused(t, register, 404, () => register.post('/api/v1/nothing-here', {}, { as: hr }), 'unknown route');
  await expectRefused(t, register, 404, () => register.app.inject({ method: 'DELETE', url: '/api/v1/units', headers: { authorization: `Bearer ${register.token(hr)}` } }), 'DELETE: the log is append-only');
});

t.test('an unknown route is the same 404 whatever its body: JSON that does not parse, a content encoding, an empty or a large body', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const token = register.token(hr);
  const send = (method: 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: string | Buffer) =>
    register.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload }) });
  for (const [method, url] of [['POST', '/api/v1/nothing-here'], ['DELETE', '/api/v1/units']] as const) {
    const plain = await expectRefused(t, register, 404, () => send(method, url, {}), `${method} ${url} without a body`);
    const bodies: Array<[string, Record<string, string>, string | Buffer]> = [
      ['JSON that does not parse', { 'content-type': 'application/json' }, '{"unitId": "U1",'],
      ['a gzip body', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"unitId":"U1"}')],
      ['an empty JSON body', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, ''],
      ['a valid body', { 'content-type': 'application/json' }, '{"unitId":"U1","name":"x"}'],
      ['a body over the limit', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(70_000) })],
    ];
    for (const [what, headers, payload] of bodies) {
      const response = await expectRefused(t, register, 404, () => send(method, url, headers, payload), `${method} ${url} with ${what}`);
      t.same(response.json(), plain.json(), `${method} ${url} with ${what}: the 404 of the route, not of the body`);
    }
  }
});

t.test('a URL the router cannot take is a problem too: 400 when it cannot be decoded, 404 for an id longer than any', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const undecodable = await register.get('/api/v1/officers/%E0%A4%A/history', { as: hr });
  t.equal(undecodable.statusCode, 400);
  t.match(undecodable.headers['content-type'], /^application\/problem\+json/);
  t.match(undecodable.json(), { status: 400, title: String, detail: /decoded/, errors: [{ in: 'url', path: '', message: /decoded/ }] }, 'a 400 names what failed');
  const long = await expectRefused(t, register, 404, () => register.post(`/api/v1/officers/${'a'.repeat(201)}/warning-education`, { attendedOn: '2021-06-01', topic: 'x' }, { as: hr }), 'over-long id');
  t.match(long.headers['content-type'], /^application\/problem\+json/);
  t.match(long.json(), { status: 404 });
});

t.test('a body that does not match its Content-Length is a 400 that names the header, and writes nothing', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const body = JSON.stringify({ unitId: 'U-LEN', name: '单位' });
  const response = await expectRefused(t, register, 400, () => register.app.inject({
    method: 'POST',
    url: '/api/v1/units',
    headers: { authorization: `Bearer ${register.token(hr)}`, 'content-type': 'application/json', 'content-length': '3' },
    payload: body,
  }), 'Content-Length shorter than the body');
  t.match(response.json(), { errors: [{ in: 'headers', path: 'content-length', message: String }] }, 'a 400 names what failed');
});

t.test('a request the HTTP parser cannot read is answered with a problem document, and writes nothing', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await register.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = register.app.server.address() as AddressInfo;
  const raw = (request: string) => new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => { answer += chunk; });
    socket.on('end', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
  });
  const before = await register.head();
  const answer = await raw('POST /api/v1/units HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nContent-Length: 2\r\n\r\n{}');
  const [head, body] = answer.split('\r\n\r\n');
  t.match(head, /^HTTP\/1\.1 400 /, 'a 400');
  t.match(head, /content-type: application\/problem\+json/i, 'a problem document');
  t.match(JSON.parse(body!), { type: '/problems/invalid-request', title: String, status: 400, detail: String, errors: [{ path: '', message: String }] });
  t.equal(await register.head(), before, 'nothing written');
});

t.test('a store that is down: writes are 503 with Retry-After, readiness says not ready, liveness stays up', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  t.equal((await register.get('/readyz')).statusCode, 200);
  await register.store.close();
  const response = await register.post('/api/v1/units', { unitId: 'U-DOWN', name: '单位' }, { as: hr });
  t.equal(response.statusCode, 503, response.body);
  t.match(response.headers['content-type'], /problem\+json/);
  t.equal(response.headers['retry-after'], '5');
  t.notMatch(response.body, /sqlite|SQLITE|\.db/, 'no internals in the answer');
  const ready = await register.get('/readyz');
  t.equal(ready.statusCode, 503);
  t.match(ready.json(), { status: 'not_ready', store: { ok: false } });
  t.equal((await register.get('/healthz')).statusCode, 200);
});

t.test('every answer carries a request id; a well-formed one from the caller is kept', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const mine = await register.get('/healthz', { headers: { 'x-request-id': 'gateway-7f3a9c21' } });
  t.equal(mine.headers['x-request-id'], 'gateway-7f3a9c21');
  const odd = await register.get('/healthz', { headers: { 'x-request-id': 'bad id\twith tabs' } });
  t.match(odd.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'a malformed one is replaced');
});

t.test('security headers are set; the docs page gets a policy that lets it run', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const api = await register.get('/healthz');
  t.match(api.headers['content-security-policy'], /default-src 'self'/);
  t.notMatch(api.headers['content-security-policy'], /upgrade-insecure-requests/);
  t.equal(api.headers['x-content-type-options'], 'nosniff');
  t.equal(api.headers['x-frame-options'], 'SAMEORIGIN');
  const docs = await register.get('/docs');
  t.equal(docs.statusCode, 200);
  t.match(docs.headers['content-security-policy'], /script-src 'self'/);
  t.notMatch(docs.headers['content-security-policy'], /upgrade-insecure-requests/);
  // Every script the page loads is served from /docs itself: the policy allows them.
  const scripts = [...docs.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
  t.ok(scripts.length > 0);
  t.notOk(/<script>(?!\s*<\/script>)/.test(docs.body), 'no inline scripts');
  for (const src of scripts) {
    const script = await register.get(src.startsWith('/') ? src : `/docs/${src.replace(/^\.\//, '')}`);
    t.equal(script.statusCode, 200, src);
  }
});
