// The whole register composed with EVENT_STORE=esdb, as `npm start` composes it, writing through the
// real @eventstore/db-client to the PROTOCOL STAND-IN (test/fixtures/esdb-standin), NOT EventStoreDB:
// a case from report to sanction over HTTP, then reads that go back through the client. It proves
// the register works end to end over the EventStoreDB wire protocol on both append paths; it says
// nothing about EventStoreDB itself (see test/esdb/real-server.test.ts).

import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';

for (const appendMode of ['append', 'batchAppend'] as const) {
  t.test(`the register on EVENT_STORE=esdb via ${appendMode}, against the protocol stand-in (not EventStoreDB)`, async (t) => {
    const standIn = await startEsdbStandIn({ appendMode });
    t.teardown(() => standIn.close());
    const register = await startTestRegister(t, {
      env: { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: standIn.connectionString },
      clock: fixedClock,
    });
    t.equal(register.config.eventStore.kind, 'esdb');

    const bureau = await seedBureau(register);
    const caseId = await bureau.substantiatedCase('O1');
    const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O1', kind: 'criticism_education' });
    t.ok(sanctionId, 'the sanction was recorded');

    // Every event reached the server over gRPC, through the append path it advertised.
    const written = standIn.log.all;
    t.ok(standIn.calls[appendMode] > 0, `appends went through Streams.${appendMode === 'append' ? 'Append' : 'BatchAppend'}`);
    t.equal(standIn.calls[appendMode === 'append' ? 'batchAppend' : 'append'], 0);
    const caseEvents = written.filter((event) => event.streamName === `case-${caseId}`);
    t.ok(caseEvents.length >= 4, 'report, verification, finding and sanction are in the case stream');
    for (const event of caseEvents) {
      const metadata = JSON.parse(Buffer.from(event.metadata).toString('utf8')) as Record<string, unknown>;
      t.equal(metadata.actor, inspector.sub, `${event.type} records its actor`);
      t.type(metadata.$correlationId, 'string', `${event.type} carries the request id as $correlationId`);
    }

    // Reads come back through the client: the case stream, the whole log and the head.
    const stream = await register.store.readStream(`case-${caseId}`);
    t.same(stream.map((event) => event.id), caseEvents.map((event) => event.id), 'the case stream reads back in order');
    t.same(stream.map((event) => event.revision), caseEvents.map((_, index) => BigInt(index)));
    const all = [];
    for await (const event of register.store.readAll()) all.push(event.position);
    t.same(all, written.map((event) => event.position), 'the whole log reads back in order');
    t.equal(await register.head(), written.at(-1)!.position);

    const ready = await register.get('/readyz');
    t.equal(ready.statusCode, 200, 'ready: the store answers through the client');
    t.equal((ready.json() as { store: { headPosition: string } }).store.headPosition, String(written.at(-1)!.position));

    // An auditor seals the log and verifies it: every hash chain and the seal, read back over the wire.
    const seal = await register.post('/api/v1/audit/seals', undefined, { as: auditor });
    t.equal(seal.statusCode, 201, 'the seal is recorded');
    const { root } = seal.json() as { root: string };
    const verify = await register.get(`/api/v1/audit/verify?root=${root}`, { as: auditor });
    t.equal(verify.statusCode, 200);
    const verdict = verify.json() as { ok: boolean; problem?: unknown };
    t.equal(verdict.ok, true, 'the log read back through the client verifies against its seal');
    t.notOk(verdict.problem);

    // A stale If-Match is refused from the stream's real revision, read over the wire.
    const stale = await register.post(`/api/v1/cases/${caseId}/evidence`, { description: '现场执法记录仪视频' }, {
      as: inspector,
      headers: { 'if-match': 'W/"0"' },
    });
    t.equal(stale.statusCode, 412);
    const before = standIn.log.all.length;
    const refused = await register.post('/api/v1/units', { unitId: 'U1', name: '重复的中队' }, { as: hr });
    t.equal(refused.statusCode, 409, 'a domain refusal (the unit exists) is decided from the stream read over the wire');
    t.equal(standIn.log.all.length, before, 'and writes nothing');
  });
}
