import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, inspector, seedBureau } from '../fixtures/http-bureau.js';

// fastify's logger (pino) logs every request with its id; tokens and the reporter's identity never
// reach the log, whatever happens to the request.

t.test('the log has a request id per request and never a token or a reporter', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const token = register.token(inspector);
  const reporter = { name: '举报人欧阳秀兰', contact: 'ouyang.xiulan@example.cn' };
  const as = token;
  const report = { officerIds: ['O1'], category: 'integrity', channel: 'email', occurredOn: '2021-06-01', summary: '收受礼金', reporter };

  const created = await register.post('/api/v1/cases', report, { as, headers: { 'x-request-id': 'trace-created-01' } });
  t.equal(created.statusCode, 201);
  // Refused in every way we know: validation, a rule, a conflict of interest, a stale If-Match.
  await register.post('/api/v1/cases', { ...report, reporter: { ...reporter, anonymous: true } }, { as });
  await register.post('/api/v1/cases', { ...report, officerIds: ['NOBODY'] }, { as });
  await register.post('/api/v1/cases', report, { as: register.token({ roles: ['inspector'], officerId: 'O1' }) });
  await register.post('/api/v1/cases', report, { as, headers: { 'if-match': 'W/"3"' } });
  await register.post('/api/v1/cases', JSON.stringify(report).slice(0, -3), { as });
  await register.post('/api/v1/cases', report, { as: `${token}x` });
  await register.store.close();
  await register.post('/api/v1/cases', report, { as });

  const log = register.logs.join('\n');
  t.ok(register.logs.length > 10, 'requests were logged');
  t.notMatch(log, token.split('.')[2]!, 'no token signature');
  t.notMatch(log, token, 'no token');
  t.notMatch(log, /欧阳秀兰/, 'no reporter name');
  t.notMatch(log, /ouyang\.xiulan/, 'no reporter contact');
  t.notMatch(log, /authorization/i, 'no Authorization header at all');

  const entries = register.logs.map((line) => JSON.parse(line) as { reqId?: string; msg: string; res?: { statusCode: number } });
  const completed = entries.filter((e) => e.msg === 'request completed');
  t.ok(completed.every((e) => typeof e.reqId === 'string' && e.reqId.length > 0), 'every request has its id');
  t.ok(completed.some((e) => e.reqId === 'trace-created-01' && e.res?.statusCode === 201), 'the caller\'s request id is used');
  t.ok(completed.some((e) => e.res?.statusCode === 503), 'the store outage is logged');
});

t.test('the redaction holds for anything a log call may include', async (t) => {
  const register = await startTestRegister(t);
  register.app.log.info({ reporter: { name: '秘密' }, body: { reporter: { contact: 'secret@example.cn' } }, req: { headers: { authorization: 'Bearer abc' } } }, 'probe');
  const line = register.logs.find((l) => l.includes('"probe"')) ?? '';
  t.notMatch(line, /秘密|secret@example|Bearer abc/);
  t.match(line, /\[redacted\]/);
});
