import t from 'tap';
import { createCommandService } from '../../src/application/command-service.js';
import { derivedUuid, idempotencySeed } from '../../src/application/derived-ids.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// A request with an Idempotency-Key derives its ids from the key: run again (its first answer was
// never recorded), it is answered with the events its first attempt wrote, and writes nothing.

const seedFor = (key: string) => idempotencySeed({ actor: 'inspector-li', route: 'POST /api/v1/test', key, fingerprint: 'f' });
const report = { officerIds: ['O-ZHANG'], category: 'conduct' as const, channel: 'phone' as const, occurredOn: '2021-05-01', summary: '执法态度生硬' };

t.test('derived ids are uuids that depend only on the seed and their purpose', async (t) => {
  const id = derivedUuid(seedFor('a'), 'case');
  t.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(derivedUuid(seedFor('a'), 'case'), id);
  t.not(derivedUuid(seedFor('b'), 'case'), id);
  t.not(derivedUuid(seedFor('a'), 'evidence'), id);
});

t.test('a keyed report run again is answered with the case it created', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const ctx = () => ctxAt('2021-06-01T10:00', undefined, { idempotencySeed: seedFor('report-1') });
  const first = await service.reportCase(report, ctx());
  const head = await store.headPosition();
  t.same(await service.reportCase(report, ctx()), first, 'the same service');
  t.same(await createCommandService({ store }).reportCase(report, ctx()), first, 'a new process (nothing cached)');
  t.equal(await store.headPosition(), head, 'one case');
  const other = await service.reportCase(report, ctxAt('2021-06-01T10:00', undefined, { idempotencySeed: seedFor('report-2') }));
  t.not(other.id, first.id, 'another key is another case');
});

t.test('a keyed write to an existing stream run again is answered with its events, even after other writes and with its old If-Match', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const { id: caseId, revision } = await service.reportCase(report, ctxAt('2021-06-01T10:00'));
  const keyed = () => ctxAt('2021-06-01T11:00', undefined, { idempotencySeed: seedFor('evidence-1'), expectedRevision: revision });
  const evidence = { description: '执法记录仪视频' };
  const first = await service.attachEvidence(evidence, caseId, keyed());
  // Others write to the case meanwhile, and the service reads (and caches) their events.
  for (let n = 0; n < 3; n++) await service.attachEvidence({ description: `现场照片${n}` }, caseId, ctxAt('2021-06-01T12:00'));
  const head = await store.headPosition();
  t.same(await service.attachEvidence(evidence, caseId, keyed()), first, 'the first answer, not a stale If-Match');
  t.same(await createCommandService({ store }).attachEvidence(evidence, caseId, keyed()), first, 'also with nothing cached');
  t.equal(await store.headPosition(), head, 'nothing written again');
  const events = await store.readStream(`case-${caseId}`);
  t.equal(events.filter((event) => event.type === 'EvidenceAttached').length, 4);
});

t.test('a keyed decision that wrote several events is answered with the last of them', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const { id: caseId } = await service.reportCase({ ...report, officerIds: ['O-ZHANG', 'O-LI'] }, ctxAt('2021-05-12T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li', dueOn: '2021-05-20' }, caseId, ctxAt('2021-05-12T10:00'));
  const finding = { outcome: 'substantiated' as const, severity: 'serious' as const, summary: '属实', officerIds: ['O-ZHANG', 'O-LI'] };
  const keyed = () => ctxAt('2021-05-25T09:00', undefined, { idempotencySeed: seedFor('finding-1') });
  const first = await service.recordFinding(finding, caseId, keyed());
  const stream = await store.readStream(`case-${caseId}`);
  t.ok(stream.length - 2 > 1, `the finding wrote several events (${stream.length - 2})`);
  t.equal(first.revision, stream[stream.length - 1]!.revision, 'its answer is the last of them');
  t.same(await createCommandService({ store }).recordFinding(finding, caseId, keyed()), first, 'a retry gets the same answer');
  t.equal((await store.readStream(`case-${caseId}`)).length, stream.length, 'and writes nothing');
});
