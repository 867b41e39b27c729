// The rectification ledger (整改台账) over HTTP, routes beyond the contract: inspectors write it
// exactly as the other write routes are written (roles, bodies, 404, rules, If-Match,
// Idempotency-Key); inspectors, HR and auditors read it, in pages, as one item, or as CSV, waiting
// on ?minPosition= like every read.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { admin, auditor, expectCreated, fixedClock, hr, inspector, seedBureau, TODAY, TOMORROW } from '../fixtures/http-bureau.js';
import { checkWriteRoute, expectRefused } from '../fixtures/write-route-checks.js';

const item = (n: number, overrides: Record<string, unknown> = {}) => ({
  unitId: 'U1', problem: `执法记录仪使用不规范${n}`, source: 'self_inspection', measure: '每周抽查执法记录', responsibleDepartment: '一中队',
  responsiblePerson: '李队长', responsibleOfficerId: 'H1', foundOn: '2021-06-01', dueOn: '2021-08-25', ...overrides,
});

async function recordItem(register: TestRegister, n: number, overrides: Record<string, unknown> = {}): Promise<string> {
  return (await expectCreated(await register.post('/api/v1/rectifications', item(n, overrides), { as: inspector }), 'record an item')).id;
}

async function write(register: TestRegister, url: string, body: Record<string, unknown>): Promise<{ id: string; revision: string; position: string }> {
  return expectCreated(await register.post(url, body, { as: inspector }), `POST ${url}`);
}

t.test('POST /api/v1/rectifications', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/rectifications',
  allowed: ['inspector'],
  valid: async (_bureau, n) => ({ url: '/api/v1/rectifications', body: item(n) }),
  invalid: { body: (v) => ({ ...v.body, dueOn: '2021-02-30' }), field: 'dueOn' },
  refusal: async () => ({ url: '/api/v1/rectifications', body: item(0, { unitId: 'NO-SUCH-UNIT' }), rule: 'unknown_unit' }),
  written: (event, request, all) => {
    t.equal(all.length, 1, 'one event');
    t.equal(event.type, 'RectificationRecorded');
    t.match(event.streamName, /^rectification-[0-9a-f-]{36}$/);
    t.match(event.data, { unitId: 'U1', problem: request.body.problem, responsibleOfficerId: 'H1', caseId: null });
  },
}));

interface ItemRoute {
  path: string;
  body: (n: number) => Record<string, unknown>;
  /** What the item needs before the write (a completion before a check). */
  before?: (register: TestRegister, id: string) => Promise<void>;
  rule: string;
  refusal: (register: TestRegister) => Promise<{ url: string; body: Record<string, unknown> }>;
  type: string;
}

const complete = (register: TestRegister, id: string, completedOn = '2021-06-12') =>
  write(register, `/api/v1/rectifications/${id}/completion`, { completedOn, summary: '已整改' });

const itemRoutes: ItemRoute[] = [
  {
    path: 'progress', body: (n) => ({ notedOn: '2021-06-10', note: `已部署抽查${n}` }), type: 'RectificationProgressNoted', rule: 'rectification_completed',
    refusal: async (r) => {
      const id = await recordItem(r, 1);
      await complete(r, id);
      return { url: `/api/v1/rectifications/${id}/progress`, body: { notedOn: TODAY, note: '再部署' } };
    },
  },
  {
    path: 'extensions', type: 'RectificationDeadlineExtended', rule: 'extension_not_later',
    body: (n) => ({ dueOn: `2021-09-${String(1 + (n % 28)).padStart(2, '0')}`, reason: '需采购设备', approvedBy: '局整治领导小组', approvedOn: '2021-06-10' }),
    refusal: async (r) => ({ url: `/api/v1/rectifications/${await recordItem(r, 2)}/extensions`, body: { dueOn: '2021-08-01', reason: '提前', approvedBy: '局领导', approvedOn: TODAY } }),
  },
  {
    path: 'completion', body: (n) => ({ completedOn: '2021-06-12', summary: `已整改${n}` }), type: 'RectificationCompleted', rule: 'rectification_completed',
    refusal: async (r) => {
      const id = await recordItem(r, 3);
      await complete(r, id);
      return { url: `/api/v1/rectifications/${id}/completion`, body: { completedOn: TODAY, summary: '又整改' } };
    },
  },
  {
    path: 'verification', body: (n) => ({ verifiedOn: TODAY, outcome: 'accepted', note: `抽查合格${n}` }), type: 'RectificationVerified', rule: 'rectification_not_completed',
    before: async (r, id) => { await complete(r, id); },
    refusal: async (r) => ({ url: `/api/v1/rectifications/${await recordItem(r, 4)}/verification`, body: { verifiedOn: TODAY, outcome: 'accepted', note: '查看' } }),
  },
];

for (const route of itemRoutes) {
  t.test(`POST /api/v1/rectifications/{rectificationId}/${route.path}`, (t) => checkWriteRoute(t, {
    name: `POST /api/v1/rectifications/{rectificationId}/${route.path}`,
    allowed: ['inspector'],
    valid: async (bureau, n) => {
      const id = await recordItem(bureau.register, 100 + n);
      if (route.before) await route.before(bureau.register, id);
      return { url: `/api/v1/rectifications/${id}/${route.path}`, body: route.body(n) };
    },
    invalid: { body: (v) => ({ ...v.body, unexpected: true }), field: 'unexpected' },
    unknown: () => `/api/v1/rectifications/${randomUUID()}/${route.path}`,
    refusal: async (bureau) => ({ ...(await route.refusal(bureau.register)), rule: route.rule }),
    written: (event, request, all) => {
      t.equal(all.length, 1, 'one event');
      t.equal(event.type, route.type);
      t.equal(event.streamName, `rectification-${request.url.split('/')[4]}`, 'on the item\'s stream');
    },
  }));
}

t.test('rules over HTTP: their codes, the 400s that say what is wrong, the recusal of the person responsible', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const as = { as: inspector };
  const refused = async (status: number, url: string, body: Record<string, unknown>, message: string, who = inspector) =>
    (await expectRefused(t, register, status, () => register.post(url, body, { as: who }), message)).json() as { rule?: string; errors?: Array<{ path: string; message: string }> };

  t.equal((await refused(409, '/api/v1/rectifications', item(1, { source: 'case', caseId: randomUUID() }), 'an unknown case')).rule, 'unknown_case');
  t.equal((await refused(409, '/api/v1/rectifications', item(1, { responsibleOfficerId: 'NOBODY' }), 'an unknown officer')).rule, 'unknown_officer');
  t.equal((await refused(409, '/api/v1/rectifications', item(1, { foundOn: TOMORROW }), 'found tomorrow')).rule, 'date_in_future');
  t.equal((await refused(409, '/api/v1/rectifications', item(1, { dueOn: '2021-05-31' }), 'due before found')).rule, 'date_out_of_order');
  t.same((await refused(400, '/api/v1/rectifications', item(1, { source: 'case' }), 'a case source without its case')).errors,
    [{ in: 'body', path: 'caseId', message: 'required when the source is case' }]);
  t.match((await refused(400, '/api/v1/rectifications', item(1, { source: 'rumour' }), 'an unknown source')).errors, [{ path: 'source' }]);

  const caseId = await bureau.reportCase(['O1']);
  const fromCase = await recordItem(register, 2, { source: 'case', caseId: caseId.toUpperCase() });
  const recorded = (await bureau.events(`rectification-${fromCase}`))[0]!;
  t.equal(recorded.data.caseId, caseId, 'a case named in capitals is kept as the register keeps it');

  const id = await recordItem(register, 3);
  const url = (path: string) => `/api/v1/rectifications/${id}/${path}`;
  t.equal((await refused(409, url('extensions'), { dueOn: '2021-09-30', reason: '延期', approvedBy: '李队长', approvedOn: TODAY }, 'approved by the person responsible')).rule, 'extension_self_approved');
  const responsible = { sub: 'head-li', roles: inspector.roles, officerId: 'H1' };
  for (const [path, body] of [
    ['extensions', { dueOn: '2021-09-30', reason: '延期', approvedBy: '局领导', approvedOn: TODAY }],
    ['completion', { completedOn: TODAY, summary: '已整改' }],
  ] as const) {
    t.equal((await refused(403, url(path), body, `the person responsible: ${path}`, responsible)).rule, 'own_rectification');
  }
  await expectCreated(await register.post(url('progress'), { notedOn: TODAY, note: '正在整改' }, { as: responsible }), 'progress they may note');
  await expectCreated(await register.post(url('completion'), { completedOn: TODAY, summary: '已整改' }, as), 'done');
  t.equal((await refused(403, url('verification'), { verifiedOn: TODAY, outcome: 'accepted', note: '合格' }, 'the person responsible checks', responsible)).rule, 'own_rectification');
  t.same((await refused(400, url('verification'), { verifiedOn: TODAY, outcome: 'rejected', note: '不到位' }, 'rejected without a new deadline')).errors,
    [{ in: 'body', path: 'dueOn', message: 'required when the outcome is rejected' }]);
  await expectCreated(await register.post(url('verification'), { verifiedOn: TODAY, outcome: 'rejected', note: '不到位', dueOn: '2021-07-15' }, as), 'rejected: open again');
  await expectCreated(await register.post(url('progress'), { notedOn: TODAY, note: '重新整改' }, as), 'progress again');
  await expectCreated(await register.post(url('completion'), { completedOn: TODAY, summary: '重新整改完成' }, as), 'done again');
  await expectCreated(await register.post(url('verification'), { verifiedOn: TODAY, outcome: 'accepted', note: '合格' }, as), 'accepted');
  t.equal((await refused(409, url('verification'), { verifiedOn: TODAY, outcome: 'accepted', note: '再查' }, 'checked again')).rule, 'rectification_already_verified');
  await expectRefused(t, register, 404, () => register.post('/api/v1/rectifications/not-an-id/progress', { notedOn: TODAY, note: '无' }, as), 'an id that cannot be one');
  // A keyed retry that spells the item's id in capitals is the same request: answered once, written once.
  const other = await recordItem(register, 4);
  const keyed = (spelt: string) => register.post(`/api/v1/rectifications/${spelt}/progress`, { notedOn: TODAY, note: '已部署' }, { as: inspector, headers: { 'idempotency-key': 'progress-once' } });
  const once = await keyed(other);
  t.equal(once.statusCode, 201);
  const head = await register.head();
  const again = await keyed(other.toUpperCase());
  t.equal(again.body, once.body, 'the first answer');
  t.equal(again.headers['idempotency-replayed'], 'true');
  t.equal(await register.head(), head, 'nothing written again');
  const upper = await register.post(`/api/v1/rectifications/${id.toUpperCase()}/progress`, { notedOn: TODAY, note: '无' }, as);
  t.equal((upper.json() as { rule: string }).rule, 'rectification_completed', 'an item id in capitals names the same item');
});

t.test('reads: who may, one item, pages, filters, ?minPosition=, CSV', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  // Today is 2021-06-15: due 06-10 and not done is overdue; due 06-30 open; one done late, one done on time.
  const overdue = await recordItem(register, 1, { foundOn: '2021-05-20', dueOn: '2021-06-10', problem: '罚没款未按时上缴' });
  const open = await recordItem(register, 2, { unitId: 'U2', responsibleOfficerId: null, responsiblePerson: '刘洋', dueOn: '2021-06-30', problem: '窗口服务态度生硬' });
  const late = await recordItem(register, 3, { foundOn: '2021-05-01', dueOn: '2021-05-31', problem: '=案卷归档不及时' });
  await write(register, `/api/v1/rectifications/${late}/extensions`, { dueOn: '2021-06-30', reason: '案卷较多', approvedBy: '局领导', approvedOn: '2021-06-02' });
  await write(register, `/api/v1/rectifications/${late}/completion`, { completedOn: '2021-06-05', summary: '已全部归档' });
  const onTime = await recordItem(register, 4, { dueOn: '2021-07-01' });
  const last = await write(register, `/api/v1/rectifications/${onTime}/completion`, { completedOn: '2021-06-14', summary: '已整改' });
  const read = (query: string, as: { sub: string; roles: ('inspector' | 'hr' | 'auditor' | 'admin')[] } = inspector) =>
    register.get(`/api/v1/rectifications${query}${query.includes('?') ? '&' : '?'}minPosition=${last.position}`, { as });

  for (const who of [inspector, hr, auditor]) t.equal((await read('', who)).statusCode, 200, `${who.roles[0]} reads the ledger`);
  await expectRefused(t, register, 403, () => read('', admin), 'admin does not');
  await expectRefused(t, register, 401, () => register.get('/api/v1/rectifications'), 'no token');
  await expectRefused(t, register, 403, () => register.get(`/api/v1/rectifications/${open}`, { as: admin }), 'admin: not one item either');

  const page = (await read('')).json() as { today: string; total: number; counts: Record<string, number>; items: Array<Record<string, unknown>> };
  t.equal(page.today, TODAY);
  t.same(page.items.map((i) => i.rectificationId), [overdue, open, late, onTime], 'open items by deadline, then those done');
  t.same(page.counts, { open: 1, overdue: 1, done: 2 });
  t.match(page.items[0], { status: 'overdue', overdueDays: 5, unitName: '县交通运输综合行政执法大队一中队', responsiblePerson: '李队长' });
  t.match(page.items[2], { status: 'done', late: true, missedDueOn: '2021-05-31', originalDueOn: '2021-05-31', dueOn: '2021-06-30', extensionCount: 1 },
    'extended after its deadline had passed: late though done before the new one');
  t.match(page.items[3], { status: 'done', late: false });
  t.same(((await read('?status=overdue')).json() as typeof page).items.map((i) => i.rectificationId), [overdue]);
  t.same(((await read('?unitId=U2')).json() as typeof page).items.map((i) => i.rectificationId), [open]);
  t.same(((await read('?dueBefore=2021-06-11')).json() as typeof page).items.map((i) => i.rectificationId), [overdue]);
  t.same(((await read('?accepted=true')).json() as typeof page).items, [], 'none accepted on a check yet');
  t.same(((await read('?accepted=false')).json() as typeof page).items.map((i) => i.rectificationId), [overdue, open, late, onTime], 'all not (yet) accepted');
  const first = (await read('?limit=3')).json() as { nextCursor: string; items: unknown[] };
  t.equal(first.items.length, 3);
  t.same(((await read(`?limit=3&cursor=${first.nextCursor}`)).json() as typeof page).items.map((i) => i.rectificationId), [onTime], 'the next page');
  for (const [query, path] of [['?stauts=overdue', ''], ['?status=late', 'status'], ['?cursor=bogus', 'cursor'], ['?dueBefore=2021-02-30', 'dueBefore'], ['?accepted=yes', 'accepted']] as const) {
    const response = await expectRefused(t, register, 400, () => read(query), query);
    if (path) t.match((response.json() as { errors: Array<{ path: string }> }).errors, [{ path }], `${query}: names ${path}`);
  }

  const one = await register.get(`/api/v1/rectifications/${late}?minPosition=${last.position}`, { as: hr });
  t.equal(one.statusCode, 200);
  t.match(one.json(), { rectificationId: late, status: 'done', late: true, completionSummary: '已全部归档' });
  t.same((one.json() as { timeline: Array<{ kind: string }> }).timeline.map((e) => e.kind), ['recorded', 'extension', 'completion']);
  t.equal((await register.get(`/api/v1/rectifications/${late.toUpperCase()}`, { as: auditor })).statusCode, 200, 'in capitals too');
  await expectRefused(t, register, 404, () => register.get(`/api/v1/rectifications/${randomUUID()}`, { as: inspector }), 'an unknown item');
  await expectRefused(t, register, 404, () => register.get('/api/v1/rectifications/nothing', { as: inspector }), 'not an id');

  const csv = await read('?format=csv&unitId=U1');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  t.match(csv.headers['content-disposition'], /filename="rectifications-U1-2021-06-15\.csv"/);
  t.ok(csv.body.startsWith('\uFEFF'), 'a byte-order mark for spreadsheets');
  const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  t.match(lines[0], /^编号,单位编号,单位,问题来源,关联案件,存在问题,整改措施,责任部门,责任人,责任人编号,发现日期,原定时限,整改时限,延期次数,状态,逾期天数,最新进展,完成日期,整改情况,逾期完成,验收结果,验收日期$/);
  t.equal(lines.length, 4, 'a header and U1\'s three items');
  t.match(lines[1], new RegExp(`^${overdue},U1,县交通运输综合行政执法大队一中队,自查自纠,,罚没款未按时上缴,.*,已逾期,5,`));
  t.match(lines[2], /,'=案卷归档不及时,/, 'a cell that starts like a formula stays text');
  t.match(lines[2], /,已完成,0,.*,是,,$/, 'done late');
  const english = await read('?format=csv&lang=en&status=overdue');
  t.match(english.body.replace(/^\uFEFF/, '').split('\r\n')[0], /^rectificationId,unitId,unitName,source,/);
  t.match(english.body, /,self_inspection,.*,overdue,5,/);

  // Read your writes: a write's position as ?minPosition= makes the read include it; one beyond the log is a 400.
  const added = await write(register, '/api/v1/rectifications', item(5, { problem: '新发现的问题' }));
  const mine = await register.get(`/api/v1/rectifications/${added.id}?minPosition=${added.position}`, { as: inspector });
  t.equal(mine.statusCode, 200, 'the item just written');
  t.equal(mine.headers['x-projection-position'] !== undefined && BigInt(String(mine.headers['x-projection-position'])) >= BigInt(added.position), true);
  await expectRefused(t, register, 400, () => register.get(`/api/v1/rectifications?minPosition=${BigInt(added.position) + 1000n}`, { as: inspector }), 'a position the log never reached');
});

t.test('the statistics count the ledger\'s items per unit, open, overdue and done, as they stand today', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  await recordItem(register, 1, { foundOn: '2021-05-20', dueOn: '2021-06-10' });
  await recordItem(register, 2, { unitId: 'U2', dueOn: '2021-06-30' });
  const done = await recordItem(register, 3, { foundOn: '2021-04-01', dueOn: '2021-05-01' });
  const last = await write(register, `/api/v1/rectifications/${done}/completion`, { completedOn: '2021-05-10', summary: '已整改' });
  const statistics = (query: string) => register.get(`/api/v1/statistics?minPosition=${last.position}${query}`, { as: hr });
  t.same((await statistics('')).json().rectifications, {
    total: 3, open: 1, overdue: 1, done: 1, doneLate: 1,
    byUnit: { U1: { open: 0, overdue: 1, done: 1, doneLate: 1 }, U2: { open: 1, overdue: 0, done: 0, doneLate: 0 } },
  });
  t.match((await statistics('&from=2021-05-01')).json().rectifications, { total: 2, done: 0 }, 'the items found in the period');
  t.same((await statistics('&unitId=U2')).json().rectifications.byUnit, { U2: { open: 1, overdue: 0, done: 0, doneLate: 0 } }, 'of one unit');
});

t.test('the OpenAPI document lists the ledger\'s routes, its CSV beside its JSON', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
  const required: Record<string, string[]> = {
    '/api/v1/rectifications': ['unitId', 'problem', 'source', 'measure', 'responsibleDepartment', 'responsiblePerson', 'foundOn', 'dueOn'],
    '/api/v1/rectifications/{rectificationId}/progress': ['notedOn', 'note'],
    '/api/v1/rectifications/{rectificationId}/extensions': ['dueOn', 'reason', 'approvedBy', 'approvedOn'],
    '/api/v1/rectifications/{rectificationId}/completion': ['completedOn', 'summary'],
    '/api/v1/rectifications/{rectificationId}/verification': ['verifiedOn', 'outcome', 'note'],
  };
  for (const [path, fields] of Object.entries(required)) {
    const post = doc.paths[path]?.post;
    t.ok(post, `POST ${path}`);
    t.same([...(post?.requestBody?.content['application/json']?.schema.required ?? [])].sort(), [...fields].sort(), `${path}: required fields`);
    t.same(post?.tags, ['rectifications']);
  }
  t.same(Object.keys(doc.paths['/api/v1/rectifications']?.get?.responses['200']?.content ?? {}).sort(), ['application/json', 'text/csv']);
  t.ok(doc.paths['/api/v1/rectifications/{rectificationId}']?.get?.responses['404'], 'one item, or a 404');
});

t.test('no 5xx and no write for any refused request to the ledger\'s routes', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  await seedBureau(register);
  const open = await recordItem(register, 1);
  const done = await recordItem(register, 2);
  await complete(register, done);
  const writer = register.token({ sub: 'fuzzer', roles: ['inspector', 'hr', 'admin'] });
  const responsible = register.token({ sub: 'fuzzer-responsible', roles: ['inspector'], officerId: 'H1' });
  const routes: Array<[string, Record<string, unknown>]> = [
    ['/api/v1/rectifications', item(3, { source: 'case', caseId: randomUUID() })],
    [`/api/v1/rectifications/${open}/progress`, { notedOn: TODAY, note: '进展' }],
    [`/api/v1/rectifications/${open}/extensions`, { dueOn: '2021-09-30', reason: '原因', approvedBy: '局领导', approvedOn: TODAY }],
    [`/api/v1/rectifications/${open}/completion`, { completedOn: TODAY, summary: '已整改' }],
    [`/api/v1/rectifications/${done}/verification`, { verifiedOn: TODAY, outcome: 'rejected', note: '不到位', dueOn: '2021-07-01' }],
  ];
  let requests = 0;
  for (const [url, base] of routes) {
    const body = fc.oneof(
      fc.constantFrom(...Object.keys(base), 'extra').chain((key) =>
        fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.constantFrom('2021-02-30', '', 'case', 'rejected', TOMORROW, '0000-01-01'))
          .map((value) => JSON.stringify({ ...base, [key]: value }))),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('', '{', '[]', 'null', '{"__proto__":{"x":1}}'),
    );
    const path = fc.oneof({ weight: 4, arbitrary: fc.constant(url) }, fc.string({ minLength: 1, maxLength: 80 }).map((s) => url.replace(/[0-9a-f-]{36}/, encodeURIComponent(s))));
    await fc.assert(fc.asyncProperty(path, body, fc.constantFrom(writer, responsible), fc.option(fc.constantFrom('W/"0"', 'W/"7"', 'x'), { nil: undefined }),
      async (target, payload, token, ifMatch) => {
        const before = await register.head();
        const response = await register.app.inject({
          method: 'POST', url: target, payload,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        });
        requests += 1;
        if (response.statusCode >= 500) throw new Error(`${response.statusCode} for POST ${target} ${payload.slice(0, 200)}: ${response.body}`);
        if (response.statusCode >= 300 && (await register.head()) !== before) throw new Error(`a refused request (${response.statusCode}) wrote to the log: ${payload}`);
      }), { numRuns: 40 });
  }
  t.ok(requests >= routes.length * 40, `${requests} requests, none answered 5xx, none refused wrote anything`);
});
