import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { hr, inspector } from '../fixtures/http-bureau.js';

// The OpenAPI document is generated from the routes' zod schemas; it must carry the contract of
// ../shared/API.md: every write, its required fields, its answers.

const contract: Record<string, string[]> = {
  '/api/v1/units': ['unitId', 'name'],
  '/api/v1/units/{unitId}/head': ['officerId', 'effectiveOn'],
  '/api/v1/posts': ['postId', 'unitId', 'title', 'enforcement', 'sensitive'],
  '/api/v1/officers': ['officerId', 'name', 'unitId', 'hiredOn'],
  '/api/v1/officers/{officerId}/qualifications': ['certificateNo', 'grantedOn'],
  '/api/v1/officers/{officerId}/assignments': ['postId', 'effectiveOn', 'reason'],
  '/api/v1/officers/{officerId}/rotation-deferrals': ['until', 'reason', 'approvedBy'],
  '/api/v1/officers/{officerId}/warning-education': ['attendedOn', 'topic'],
  '/api/v1/cases': ['officerIds', 'category', 'channel', 'occurredOn', 'summary'],
  '/api/v1/cases/{caseId}/verification': ['inspectorId'],
  '/api/v1/cases/{caseId}/evidence': ['description'],
  '/api/v1/cases/{caseId}/interventions': ['officerId', 'kind', 'heldOn'],
  '/api/v1/cases/{caseId}/findings': ['outcome', 'summary'],
  '/api/v1/cases/{caseId}/sanctions': ['officerId', 'kind', 'effectiveOn', 'basis'],
  '/api/v1/cases/{caseId}/appeals': ['sanctionId', 'stage', 'filedOn'],
  '/api/v1/cases/{caseId}/appeals/{appealId}/decision': ['outcome', 'decidedOn'],
  '/api/v1/cases/{caseId}/closure': ['summary'],
};

interface Operation {
  operationId: string;
  security: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody: { content: { 'application/json': { schema: { required?: string[]; properties: Record<string, unknown> } } } };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

t.test('/openapi.json is an OpenAPI 3.1 document with every write of the contract', async (t) => {
  const register = await startTestRegister(t);
  const response = await register.get('/openapi.json');
  t.equal(response.statusCode, 200);
  const doc = response.json() as { openapi: string; paths: Record<string, { post?: Operation; get?: unknown }>; components: { securitySchemes: Record<string, unknown> } };
  t.equal(doc.openapi, '3.1.0');
  t.match(doc.components.securitySchemes, { bearerAuth: { type: 'http', scheme: 'bearer' } });
  const operationIds = new Set<string>();
  for (const [path, required] of Object.entries(contract)) {
    const operation = doc.paths[path]?.post;
    t.ok(operation, `POST ${path} is documented`);
    if (!operation) continue;
    operationIds.add(operation.operationId);
    const schema = operation.requestBody.content['application/json'].schema;
    t.same([...(schema.required ?? [])].sort(), [...required].sort(), `${path}: required fields as the contract`);
    t.same(operation.security, [{ bearerAuth: [] }], `${path}: needs a token`);
    t.ok(operation.responses['201']?.content?.['application/json'], `${path}: 201 answer`);
    for (const status of ['400', '401', '403', '409', '412', '413', '415', '422', '429']) {
      t.ok(operation.responses[status]?.content?.['application/problem+json'], `${path}: ${status} problem`);
    }
    const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    t.ok(headers.includes('if-match') && headers.includes('idempotency-key'), `${path}: If-Match and Idempotency-Key`);
    for (const param of path.match(/\{(\w+)\}/g) ?? []) {
      t.ok(operation.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === param), `${path}: path parameter ${param}`);
    }
  }
  t.equal(operationIds.size, Object.keys(contract).length, 'operation ids are unique');
  t.ok(doc.paths['/healthz']?.get && doc.paths['/readyz']?.get, 'health routes');
  t.notOk(doc.paths['/openapi.json'], 'the document does not list itself');

  // POST /audit/seals: body (none) in the contract, so the document does not require one; and it
  // answers 201 like every write, with the If-Match and Idempotency-Key headers.
  const seal = (doc.paths['/api/v1/audit/seals'] as { post?: Operation & { requestBody: { required?: boolean } } } | undefined)?.post;
  t.ok(seal, 'POST /api/v1/audit/seals is documented');
  t.equal(seal?.requestBody.required, false, 'a seal needs no body');
  t.ok(seal?.responses['201']?.content?.['application/json'], 'seal: 201 answer');
  const sealHeaders = (seal?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
  t.ok(sealHeaders.includes('if-match') && sealHeaders.includes('idempotency-key'), 'seal: If-Match and Idempotency-Key');
  for (const [path, operation] of Object.entries(contract).map(([path]) => [path, doc.paths[path]?.post] as const)) {
    t.not(operation?.requestBody && (operation.requestBody as { required?: boolean }).required, false, `${path}: its body stays required`);
  }

  // The reads of the contract, with their filters; the audit stream is NDJSON.
  const reads: Record<string, string[]> = {
    '/api/v1/officers/{officerId}/history': ['asOf', 'minPosition'],
    '/api/v1/rotation-schedule': ['unitId', 'status', 'dueBefore', 'format', 'minPosition'],
    '/api/v1/cases': ['status', 'category', 'overdue', 'format', 'minPosition'],
    '/api/v1/cases/{caseId}': ['minPosition'],
    '/api/v1/statistics': ['from', 'to', 'unitId', 'minPosition'],
    '/api/v1/audit/events': ['fromPosition'],
    '/api/v1/audit/verify': [],
  };
  for (const [path, filters] of Object.entries(reads)) {
    const operation = doc.paths[path]?.get as Operation | undefined;
    t.ok(operation, `GET ${path} is documented`);
    const query = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    for (const filter of filters) t.ok(query.includes(filter), `GET ${path}: ?${filter}`);
  }
  const stream = (doc.paths['/api/v1/audit/events']?.get as Operation | undefined)?.responses['200']?.content ?? {};
  t.same(Object.keys(stream), ['application/x-ndjson'], 'the audit stream is documented as NDJSON, as it is sent');

  const docs = await register.get('/docs');
  t.equal(docs.statusCode, 200);
  t.match(docs.headers['content-type'], /text\/html/);
});

t.test('the 415 is documented for both of its causes: a body not JSON, and one with a content encoding', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as { paths: Record<string, Record<string, Operation & { responses: Record<string, { description: string }> }>> };
  let documented = 0;
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const answer = operation.responses?.['415'];
      if (!answer) continue;
      documented += 1;
      t.match(answer.description, /application\/json/, `${method.toUpperCase()} ${path}: a body not JSON`);
      t.match(answer.description, /Content-Encoding/, `${method.toUpperCase()} ${path}: a body with a content encoding`);
    }
  }
  t.ok(documented >= Object.keys(contract).length, 'on every write');
});

t.test('the CSV downloads are documented as text/csv, as they are sent, beside their JSON', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as { paths: Record<string, { get?: Operation }> };
  const downloads: Array<[string, typeof hr]> = [
    ['/api/v1/rotation-schedule', hr],
    ['/api/v1/cases', inspector],
    ['/api/v1/statistics', hr],
  ];
  for (const [path, as] of downloads) {
    const answers = doc.paths[path]?.get?.responses['200']?.content ?? {};
    t.same(Object.keys(answers).sort(), ['application/json', 'text/csv'], `GET ${path}: 200 as JSON or CSV`);
    const csv = await register.get(`${path}?format=csv`, { as });
    t.equal(csv.statusCode, 200, `GET ${path}?format=csv`);
    t.ok(csv.headers['content-type']?.toString().split(';')[0]! in answers, `GET ${path}?format=csv: sent as ${csv.headers['content-type']}, a documented media type`);
    const json = await register.get(path, { as });
    t.ok(json.headers['content-type']?.toString().split(';')[0]! in answers, `GET ${path}: sent as ${json.headers['content-type']}, a documented media type`);
  }
});

t.test('every tag an operation uses is declared at the top of the document, with a description', async (t) => {
  const register = await startTestRegister(t);
  const doc = (await register.get('/openapi.json')).json() as { tags?: Array<{ name: string; description?: string }>; paths: Record<string, Record<string, { tags?: string[] }>> };
  const declared = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
  const used = new Set(Object.values(doc.paths).flatMap((operations) => Object.values(operations).flatMap((operation) => operation.tags ?? [])));
  t.ok(used.size > 0, 'operations are tagged');
  for (const tag of used) {
    t.ok(declared.has(tag), `tag ${tag} is declared`);
    t.ok(declared.get(tag)?.trim(), `tag ${tag} has a description`);
  }
  t.equal(declared.size, doc.tags?.length, 'each tag declared once');
  // The document the docs page reads is the same one.
  t.same((await register.get('/docs/json')).json(), doc, '/docs/json is /openapi.json');
});
