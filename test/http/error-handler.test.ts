import Fastify from 'fastify';
import t from 'tap';
import { z } from 'zod';
import { ActorNotPermittedError, NotFoundError, RuleViolation } from '../../src/domain/shared/errors.js';
import { errorHandler } from '../../src/http/error-handler.js';
import { InvalidAppendError, StoreDamagedError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../src/store/errors.js';

// Every error a request can end in, mapped to its problem document: the domain's refusals, the
// store's typed errors, and our own faults (a 500 that names the request id and nothing else).

const cases: Array<[string, () => unknown, number, Record<string, unknown>]> = [
  ['a rule refusal', () => new RuleViolation('case_closed', 'The case is closed.'), 409, { rule: 'case_closed' }],
  ['a conflict of interest', () => new ActorNotPermittedError('actor_is_subject', 'You are a subject.'), 403, { rule: 'actor_is_subject' }],
  ['an unknown resource', () => new NotFoundError('officer', 'O9'), 404, { resource: 'officer', id: 'O9' }],
  ['a missing stream', () => new StreamNotFoundError('case-123'), 404, { detail: 'Unknown case' }],
  ['a concurrent update without If-Match', () => new WrongExpectedVersionError('unit-U1', '3', 4n), 409, { rule: 'concurrent-update' }],
  ['an invalid append', () => new InvalidAppendError('Invalid stream name'), 400, {}],
  ['the store down', () => new StoreUnavailableError('disk full'), 503, { detail: /nothing was written/ }],
  ['a domain schema refusal', () => z.strictObject({ officerIds: z.array(z.string()).min(1) }).safeParse({ officerIds: [], extra: 1 }).error, 400, {
    errors: [{ in: 'body', path: 'officerIds' }, { in: 'body', path: 'extra', message: 'is not a known field' }],
  }],
  ['a bug', () => new TypeError('cannot read x of undefined at /srv/register/secret-path.ts'), 500, { detail: /request id/ }],
];

t.test('each error is answered with its problem document', async (t) => {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  cases.forEach(([, make], index) => app.post(`/e${index}`, async () => { throw make(); }));
  app.post('/stale', async () => { throw new WrongExpectedVersionError('case-1', '2', 5n); });
  app.post('/gone', async () => { throw new WrongExpectedVersionError('case-1', '2', 'no_stream'); });
  await app.ready();
  t.teardown(() => app.close());

  for (const [index, [label, , status, expected]] of cases.entries()) {
    const response = await app.inject({ method: 'POST', url: `/e${index}` });
    t.equal(response.statusCode, status, label);
    t.match(response.headers['content-type'], /^application\/problem\+json/, label);
    t.match(response.json(), { status, ...expected }, label);
    if (status === 500) t.notMatch(response.body, /secret-path|TypeError/, 'a 500 tells nothing about the code');
    if (status === 503) t.equal(response.headers['retry-after'], '5');
  }

  const stale = await app.inject({ method: 'POST', url: '/stale', headers: { 'if-match': 'W/"2"' } });
  t.equal(stale.statusCode, 412);
  t.equal(stale.headers.etag, 'W/"5"', 'the current revision, to retry with');
  const gone = await app.inject({ method: 'POST', url: '/gone', headers: { 'if-match': 'W/"2"' } });
  t.equal(gone.statusCode, 412);
  t.notOk(gone.headers.etag, 'no revision for what does not exist');
});

t.test('a damaged store is a 503 that says what to do instead of retrying: no Retry-After; a store down for a while still says retry later', async (t) => {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.post('/damaged', async () => {
    throw new StoreDamagedError('The event store is damaged: database disk image is malformed (SQLITE_CORRUPT in /srv/data/events.db). The store\'s file is damaged: ...; nothing was written');
  });
  app.post('/down', async () => { throw new StoreUnavailableError('The event store is unavailable: database or disk is full; nothing was written'); });
  await app.ready();
  t.teardown(() => app.close());

  const damaged = await app.inject({ method: 'POST', url: '/damaged' });
  t.equal(damaged.statusCode, 503);
  t.match(damaged.headers['content-type'], /^application\/problem\+json/);
  t.match(damaged.json(), {
    status: 503,
    type: '/problems/store-damaged',
    title: /damaged/,
    detail: /damaged.*nothing was written.*refused until it is restored from the latest backup.*\/readyz/,
  });
  t.notMatch(damaged.json().detail, /retry later/i, 'not told to retry later');
  t.notMatch(damaged.json().title, /temporarily/, 'not said to be temporary');
  t.notOk('retry-after' in damaged.headers, 'no Retry-After');
  t.notMatch(damaged.body, /SQLITE|events\.db|\/srv/, 'no internals in the answer');

  const down = await app.inject({ method: 'POST', url: '/down' });
  t.equal(down.statusCode, 503);
  t.match(down.json(), { type: '/problems/unavailable', detail: /Retry later/ });
  t.equal(down.headers['retry-after'], '5');
});
