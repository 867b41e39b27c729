import t from 'tap';
import { chooseFormat, parseAccept, weightOf } from '../../src/http/routes/reads/format.js';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';

// The reads that offer CSV (`?format=csv`) give it to a client that asks for it with the Accept
// header too; `?format=` wins over the header; a default Accept, or `*/*`, still gets JSON; and the
// answers say they vary with Accept.

t.test('the Accept header, read as RFC 9110 has it', async (t) => {
  t.same(parseAccept('text/csv, application/json;q=0.5'), [{ type: 'text', subtype: 'csv', q: 1 }, { type: 'application', subtype: 'json', q: 0.5 }]);
  t.same(parseAccept('TEXT/CSV ; Q=0.8 ; header=present'), [{ type: 'text', subtype: 'csv', q: 0.8 }], 'case-insensitive; other parameters ignored');
  t.same(parseAccept('text/csv;foo="a,b;c";q=0.3, */*;q=0.1'), [{ type: 'text', subtype: 'csv', q: 0.3 }, { type: '*', subtype: '*', q: 0.1 }], 'a quoted parameter holding a comma');
  t.same(parseAccept('nonsense, */csv, text/csv/x, , text/csv'), [{ type: 'text', subtype: 'csv', q: 1 }], 'what is no media range is left out');
  t.same(parseAccept(['text/csv;q=2', 'application/json;q=x']), [{ type: 'text', subtype: 'csv', q: 1 }, { type: 'application', subtype: 'json', q: 1 }], 'several headers; weights brought into 0..1');
  t.same(parseAccept(undefined), []);

  const ranges = parseAccept('text/*;q=0.4, text/csv;q=0.9, */*;q=0.1');
  t.equal(weightOf(ranges, 'text/csv'), 0.9, 'the most specific range decides');
  t.equal(weightOf(ranges, 'text/plain'), 0.4);
  t.equal(weightOf(ranges, 'application/json'), 0.1);
  t.equal(weightOf(parseAccept('text/html'), 'application/json'), 0, 'no range matches: not acceptable');

  const cases: Array<[accept: string | undefined, format: 'json' | 'csv' | undefined, chosen: 'json' | 'csv']> = [
    [undefined, undefined, 'json'],
    ['*/*', undefined, 'json'],
    ['application/json', undefined, 'json'],
    ['text/csv', undefined, 'csv'],
    ['text/csv, application/json;q=0.5', undefined, 'csv'],
    ['application/json;q=0.5, text/csv', undefined, 'csv'],
    ['text/*', undefined, 'csv'],
    ['text/csv;q=0.5, application/json', undefined, 'json'],
    ['text/csv, application/json', undefined, 'json'],
    ['text/csv;q=0.5, */*;q=0.1', undefined, 'csv'],
    ['text/csv;q=0, */*', undefined, 'json'],
    ['text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8', undefined, 'json'],
    ['application/xml', undefined, 'json'],
    ['text/csv', 'json', 'json'],
    ['application/json', 'csv', 'csv'],
    [undefined, 'csv', 'csv'],
  ];
  for (const [accept, format, chosen] of cases) t.equal(chooseFormat(format, accept), chosen, `Accept ${accept ?? '(none)'}, format ${format ?? '(none)'}: ${chosen}`);
});

t.test('each read that offers CSV gives it for Accept: text/csv, says it varies with Accept, and ?format= wins', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  await bureau.reportCase(['O1']);
  const reads: Array<[path: string, as: typeof hr, header: string]> = [
    ['/api/v1/rotation-schedule', hr, '人员编号,姓名'],
    ['/api/v1/cases', inspector, '案件编号,状态'],
    ['/api/v1/statistics', hr, '统计项,分组'],
    ['/api/v1/officers', hr, '人员编号,姓名'],
    ['/api/v1/rectifications', hr, '编号,单位编号'],
  ];
  const isCsv = (response: Awaited<ReturnType<typeof register.get>>, header: string) =>
    /^text\/csv; charset=utf-8/.test(String(response.headers['content-type'])) && response.rawPayload.subarray(3).toString('utf8').startsWith(header);
  const isJson = (response: Awaited<ReturnType<typeof register.get>>) =>
    /^application\/json/.test(String(response.headers['content-type'])) && typeof response.json() === 'object';
  for (const [path, as, header] of reads) {
    const ask = (url: string, accept?: string) => register.get(url, { as, ...(accept !== undefined ? { headers: { accept } } : {}) });
    for (const accept of ['text/csv', 'text/csv, application/json;q=0.5', 'application/json;q=0.2, text/csv;q=0.9']) {
      const response = await ask(path, accept);
      t.equal(response.statusCode, 200, `${path}, Accept ${accept}`);
      t.ok(isCsv(response, header), `${path}, Accept ${accept}: the CSV`);
      t.match(response.headers['content-disposition'], /^attachment; filename="/, 'as a download, named as with ?format=csv');
      t.match(response.headers.vary, /\bAccept\b/, 'varies with Accept');
    }
    const english = await ask(`${path}?lang=en`, 'text/csv');
    t.ok(english.rawPayload.subarray(3).toString('utf8').split('\r\n')[0]!.match(/^[a-z]+,[a-z]+/i), `${path}: lang still chooses the CSV's language`);
    for (const accept of [undefined, '*/*', 'application/json', 'text/csv;q=0.5, application/json', 'text/html,application/xhtml+xml,*/*;q=0.8']) {
      const response = await ask(path, accept);
      t.equal(response.statusCode, 200);
      t.ok(isJson(response), `${path}, Accept ${accept ?? '(none)'}: JSON`);
      t.match(response.headers.vary, /\bAccept\b/, 'varies with Accept');
    }
    t.ok(isJson(await ask(`${path}?format=json`, 'text/csv')), `${path}?format=json wins over Accept: text/csv`);
    t.ok(isCsv(await ask(`${path}?format=csv`, 'application/json'), header), `${path}?format=csv wins over Accept: application/json`);
    t.ok(isCsv(await ask(`${path}?format=csv`), header), `${path}?format=csv without Accept`);
    t.equal((await ask(`${path}?format=xml`, 'text/csv')).statusCode, 400, 'a format that is neither is still a 400');
  }
});

t.test('the document says the answer varies with Accept, which chooses without format', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as {
    paths: Record<string, { get: { parameters: Array<{ name: string; in: string; description?: string; schema: { default?: unknown } }>; responses: Record<string, { description: string; headers?: Record<string, unknown> }> } }>;
  };
  for (const path of ['/api/v1/rotation-schedule', '/api/v1/cases', '/api/v1/statistics', '/api/v1/officers', '/api/v1/rectifications']) {
    const operation = doc.paths[path]!.get;
    t.ok(operation.responses['200']!.headers?.Vary, `${path}: the Vary header documented`);
    t.match(operation.responses['200']!.description, /Accept/);
    const format = operation.parameters.find((p) => p.in === 'query' && p.name === 'format')!;
    t.match(format.description, /Accept/, `${path}: format says Accept chooses without it`);
    t.equal(format.schema.default, undefined, 'no default: without it, Accept chooses');
  }
});
