import t from 'tap';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { auditor, expectCreated, inspector, seedBureau, type Bureau } from '../fixtures/http-bureau.js';

// What the pages need from the reads: the audit stream searched on the server (by stream and by
// type, `limit` counting what matched), and a case's timeline naming the events it is told from,
// so that a correction can name the report it corrects.

interface Line { position: string; streamName: string; type: string; id: string }

function parse(body: string): Line[] {
  return body.trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
}

t.test('the audit stream filtered on the server', async (t) => {
  const register: TestRegister = await startTestRegister(t);
  const bureau: Bureau = await seedBureau(register);
  const first = await bureau.reportCase(['O1']);
  const second = await bureau.reportCase(['O2']);
  await bureau.assignVerification(first);
  const get = async (query: string) => {
    const response = await register.get(`/api/v1/audit/events${query}`, { as: auditor });
    t.equal(response.statusCode, 200, query);
    t.match(response.headers['content-type'], /^application\/x-ndjson/);
    return parse(response.body);
  };
  const all = await get('');

  const reports = await get('?type=CaseReported');
  t.same(reports.map((l) => l.streamName), [`case-${first}`, `case-${second}`], 'only the reports, in log order');

  const ofO1 = await get('?stream=officer-O1');
  t.same(ofO1, all.filter((l) => l.streamName.startsWith('officer-O1')), 'a stream name keeps that stream (and those it begins)');
  t.ok(ofO1.length >= 3, 'registration, qualification, assignment');

  const cases = await get('?stream=case-');
  t.same(cases.map((l) => l.position), all.filter((l) => l.streamName.startsWith('case-')).map((l) => l.position), 'a prefix keeps every stream it begins');

  const both = await get(`?stream=case-${first}&type=VerificationAssigned`);
  t.equal(both.length, 1, 'both filters at once');

  const one = await get('?stream=case-&limit=1');
  t.same(one.map((l) => l.position), [cases[0]!.position], 'limit counts the events that matched, not those read');
  const next = await get(`?stream=case-&limit=2&fromPosition=${BigInt(one[0]!.position) + 1n}`);
  t.same(next.map((l) => l.position), cases.slice(1, 3).map((l) => l.position), 'and the next page starts after the last line');

  t.same(await get('?type=SealRecorded'), [], 'nothing matches: an empty answer');
  t.equal((await get('?limit=3')).length, 3, 'unfiltered, limit as before');

  for (const bad of ['?type=not%20a%20type', '?stream=', `?stream=${'x'.repeat(201)}`]) {
    t.equal((await register.get(`/api/v1/audit/events${bad}`, { as: auditor })).statusCode, 400, `400 for ${bad.slice(0, 30)}`);
  }
  t.equal((await register.get('/api/v1/audit/events?type=CaseReported', { as: inspector })).statusCode, 403, 'still auditors only');

  const doc = (await register.get('/openapi.json')).json() as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
  const names = doc.paths['/api/v1/audit/events']!.get.parameters.map((p) => p.name);
  for (const name of ['fromPosition', 'limit', 'stream', 'type']) t.ok(names.includes(name), `OpenAPI documents ${name}`);
});

t.test('a case\'s timeline names its events: a correction names the report from there', async (t) => {
  const register: TestRegister = await startTestRegister(t);
  const bureau: Bureau = await seedBureau(register);
  const caseId = await bureau.reportCase(['O1']);
  await bureau.assignVerification(caseId);
  const events = await bureau.events(`case-${caseId}`);
  const head = events.at(-1)!.position;
  const detail = (await register.get(`/api/v1/cases/${caseId}?minPosition=${head}`, { as: inspector })).json() as { timeline: { type: string; position: string; eventId?: string }[] };
  t.same(detail.timeline.map((e) => [e.type, e.eventId]), events.map((e) => [e.type, e.id]), 'each entry with the id of its event');

  const report = detail.timeline.find((e) => e.type === 'CaseReported')!;
  const corrected = await expectCreated(await register.post(`/api/v1/cases/${caseId}/corrections`, {
    correctsEventId: report.eventId, reason: '登记时类别选错', changes: { category: 'integrity' },
  }, { as: inspector }), 'correction');
  const after = (await register.get(`/api/v1/cases/${caseId}?minPosition=${corrected.position}`, { as: inspector })).json() as { category: string };
  t.equal(after.category, 'integrity', 'the correction took');
});
