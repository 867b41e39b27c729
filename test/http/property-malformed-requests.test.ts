import fc from 'fast-check';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { fixedClock, seedBureau, TODAY } from '../fixtures/http-bureau.js';

// Random and malformed requests thrown at every write route: whatever a client sends, the answer
// is never a 5xx, and a refused request leaves the log exactly as it was.

t.test('no 5xx and no write for any refused request, on every write route', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.substantiatedCase('O2');
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'criticism_education' });
  const appealId = await bureau.fileReview(caseId, sanctionId);

  // A valid-looking body per route: mutations of it reach deeper than random noise does.
  const routes: Array<[string, Record<string, unknown>]> = [
    ['/api/v1/units', { unitId: 'U-P', name: '单位' }],
    ['/api/v1/units/U1/head', { officerId: 'O2', effectiveOn: TODAY }],
    ['/api/v1/posts', { postId: 'P-P', unitId: 'U1', title: '岗位', enforcement: true, sensitive: true, rotationPeriodMonths: 60 }],
    ['/api/v1/officers', { officerId: 'O-P', name: '警员', unitId: 'U1', hiredOn: '2020-01-01' }],
    ['/api/v1/officers/O2/qualifications', { certificateNo: 'C-1', grantedOn: TODAY }],
    ['/api/v1/officers/O2/assignments', { postId: 'P-DESK', effectiveOn: TODAY, reason: 'transfer' }],
    ['/api/v1/officers/O1/rotation-deferrals', { until: '2026-01-01', reason: '原因', approvedBy: 'chief' }],
    ['/api/v1/officers/O1/warning-education', { attendedOn: TODAY, topic: '警示教育' }],
    ['/api/v1/officers/O2/training-completions', { sanctionId, completedOn: TODAY }],
    ['/api/v1/officers/O2/corrections', { correctsEventId: sanctionId, reason: '更正', changes: { name: '王芳' } }],
    ['/api/v1/cases', { officerIds: ['O1'], category: 'conduct', channel: 'phone', occurredOn: TODAY, summary: '摘要', reporter: { name: '甲' } }],
    ['/api/v1/cases/validate', { officerIds: ['O1'], category: 'conduct', channel: 'phone', occurredOn: TODAY, summary: '摘要' }],
    [`/api/v1/cases/${caseId}/verification`, { inspectorId: 'inspector-wang', dueOn: '2021-07-01' }],
    [`/api/v1/cases/${caseId}/evidence`, { description: '证据', sha256: 'b'.repeat(64) }],
    [`/api/v1/cases/${caseId}/interventions`, { officerId: 'O2', kind: 'reminder_talk', heldOn: TODAY }],
    [`/api/v1/cases/${caseId}/findings`, { outcome: 'substantiated', severity: 'serious', summary: '属实' }],
    [`/api/v1/cases/${caseId}/sanctions`, { officerId: 'O2', kind: 'reassignment', effectiveOn: TODAY, basis: '依据', toPostId: 'P-DESK' }],
    [`/api/v1/cases/${caseId}/appeals`, { sanctionId, stage: 'appeal', filedOn: TODAY }],
    [`/api/v1/cases/${caseId}/appeals/${appealId}/decision`, { outcome: 'reduced', decidedOn: TODAY, replacementKind: 'criticism_education' }],
    [`/api/v1/cases/${caseId}/closure`, { summary: '办结' }],
    [`/api/v1/cases/${caseId}/corrections`, { correctsEventId: caseId, reason: '更正', changes: { summary: '新摘要' } }],
  ];
  const allWriters = register.token({ sub: 'fuzzer', roles: ['inspector', 'hr', 'admin'] });
  const subjectToken = register.token({ sub: 'fuzzer-subject', roles: ['inspector', 'hr', 'admin'], officerId: 'O2' });

  const mutated = (base: Record<string, unknown>) =>
    fc.oneof(
      fc.record({ key: fc.constantFrom(...Object.keys(base), '__proto__', 'constructor', 'extra'), value: fc.jsonValue() })
        .map(({ key, value }) => JSON.stringify({ ...base, [key]: value })),
      fc.constantFrom(...Object.keys(base)).map((key) => JSON.stringify(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)))),
      fc.constantFrom(...Object.keys(base)).chain((key) =>
        fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.array(fc.string()), fc.constantFrom('2021-02-30', '2021-13-01', '0000-00-00', '99999-01-01', '2021-6-1', ''))
          .map((value) => JSON.stringify({ ...base, [key]: value }))),
    );
  const payload = (base: Record<string, unknown>) =>
    fc.oneof(
      { weight: 4, arbitrary: mutated(base) },
      { weight: 2, arbitrary: fc.constant(JSON.stringify(base)) },
      { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', '[]', 'null', '"text"', '{"__proto__":{"x":1}}', '\u0000', '{}'.repeat(1000)) },
    );
  const headers = fc.record({
    'content-type': fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'application/xml', '', 'application/jsonx') },
    ),
    'if-match': fc.option(fc.oneof(fc.string(), fc.constantFrom('W/"0"', 'W/"-1"', '*', 'W/"99999999999999999999999"')), { nil: undefined }),
    'idempotency-key': fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.constant('k')), { nil: undefined }),
    authorization: fc.constantFrom(`Bearer ${allWriters}`, `Bearer ${allWriters}`, `Bearer ${subjectToken}`),
  }, { requiredKeys: ['content-type', 'authorization'] });

  let requests = 0;
  for (const [url, base] of routes) {
    const pathVariants = fc.oneof(
      { weight: 5, arbitrary: fc.constant(url) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80 }).map((s) => url.replace(/[^/]+$/, '') + encodeURIComponent(s)) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 300 }).map((s) => url.replace(caseId, encodeURIComponent(s))) },
    );
    await fc.assert(
      fc.asyncProperty(pathVariants, payload(base), headers, async (path, body, requestHeaders) => {
        const cleanHeaders = Object.fromEntries(Object.entries(requestHeaders).filter(([, v]) => v !== undefined)) as Record<string, string>;
        const before = await register.head();
        const response = await register.app.inject({ method: 'POST', url: path, payload: body, headers: cleanHeaders });
        requests += 1;
        if (response.statusCode >= 500) throw new Error(`${response.statusCode} for POST ${path} ${body.slice(0, 200)}: ${response.body}`);
        if (response.statusCode >= 300) {
          if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) throw new Error(`not a problem document: ${response.body}`);
          const after = await register.head();
          if (after !== before) throw new Error(`a refused request (${response.statusCode}) wrote to the log: POST ${path} ${body}`);
        }
      }),
      { numRuns: 60 },
    );
  }
  t.ok(requests >= routes.length * 60, `${requests} requests, none answered 5xx, none refused wrote anything`);
});
