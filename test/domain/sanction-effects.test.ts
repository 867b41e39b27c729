import { DateTime } from 'luxon';
import t from 'tap';
import { createCommandService } from '../../src/application/command-service.js';
import { createSanctionEffectReactor } from '../../src/application/sanction-effects.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// A sanction is written to the case stream, then its effect to the officer's stream. A crash
// between the two appends leaves the officer behind; the reactor (run by the projection runner
// over the log) completes it, and running it again writes nothing.

async function sanctionedBureau() {
  const store = new InMemoryEventStore();
  const deferred: { caseId: string; sanctionId: string }[] = [];
  const service = createCommandService({ store, onEffectDeferred: (_error, ref) => deferred.push(ref) });
  await seedBureau(service);
  const { id: caseId } = await service.reportCase({
    officerIds: ['O-ZHANG'], category: 'integrity', channel: 'letter', occurredOn: '2021-05-10', summary: '索要当事人财物',
  }, ctxAt('2021-05-12T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li' }, caseId, ctxAt('2021-05-12T10:00'));
  await service.recordFinding({ outcome: 'substantiated', severity: 'serious', summary: '属实' }, caseId, ctxAt('2021-05-20T09:00'));
  return { store, service, deferred, caseId };
}

const reactorClock = () => DateTime.fromISO('2021-05-21T09:05', { zone: 'Asia/Shanghai' });

async function replay(store: InMemoryEventStore, react: (event: RecordedEvent) => Promise<void>) {
  for await (const event of store.readAll()) await react(event);
}

const effectTypes = (store: InMemoryEventStore) =>
  store.events('officer-O-ZHANG').filter((e) => e.type.startsWith('Sanction')).map((e) => e.type);

t.test('a crash between the case append and the officer append is completed by the reactor', async (t) => {
  const { store, service, deferred, caseId } = await sanctionedBureau();
  store.failNextAppend.set('officer-O-ZHANG', new Error('power cut'));
  const sanction = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-05-21', basis: '开除' }, caseId, ctxAt('2021-05-21T09:00'));
  t.same(deferred, [{ caseId, sanctionId: sanction.id }], 'the write is answered; the effect is deferred');
  t.same(effectTypes(store), [], 'the officer stream is behind');

  const react = createSanctionEffectReactor({ store, clock: reactorClock });
  await replay(store, react);
  const imposed = store.events(`case-${caseId}`).find((e) => e.type === 'SanctionImposed')!;
  const effect = store.events('officer-O-ZHANG').at(-1)!;
  t.match(effect, { type: 'SanctionTookEffect', data: { sanctionId: sanction.id, kind: 'dismissal', caseId } });
  t.same(effect.metadata, {
    $correlationId: imposed.metadata.$correlationId, $causationId: imposed.id, actor: 'inspector-li',
    recordedAt: '2021-05-21T09:05:00.000+08:00', schemaVersion: 1,
  }, 'the same request and actor as the sanction, caused by it');

  const logLength = store.log.length;
  await replay(store, react);
  t.equal(store.log.length, logLength, 'running it again writes nothing');
});

t.test('a reducing decision missed by a crash is completed too, in order', async (t) => {
  const { store, service, deferred, caseId } = await sanctionedBureau();
  store.failNextAppend.set('officer-O-ZHANG', new Error('power cut'));
  const sanction = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-05-21', basis: '开除' }, caseId, ctxAt('2021-05-21T09:00'));
  const review = await service.fileAppeal({ sanctionId: sanction.id, stage: 'review', filedOn: '2021-05-25' }, caseId, ctxAt('2021-05-25T09:00'));
  store.failNextAppend.set('officer-O-ZHANG', new Error('power cut again'));
  await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-01', replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' }, caseId, review.id, ctxAt('2021-06-01T09:00'));
  t.equal(deferred.length, 2);
  t.same(effectTypes(store), []);

  await replay(store, createSanctionEffectReactor({ store, clock: reactorClock }));
  t.same(effectTypes(store), ['SanctionTookEffect', 'SanctionRevised'], 'the effect, then its revision');
  t.match(store.events('officer-O-ZHANG').at(-1)!.data, { outcome: 'reduced', replacementKind: 'reassignment', toPost: { postId: 'P-ARCHIVE', enforcement: false } });
});

t.test('the next write on the sanction completes what a crash left behind', async (t) => {
  const { store, service, caseId } = await sanctionedBureau();
  store.failNextAppend.set('officer-O-ZHANG', new Error('power cut'));
  const sanction = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-05-21', basis: '开除' }, caseId, ctxAt('2021-05-21T09:00'));
  const review = await service.fileAppeal({ sanctionId: sanction.id, stage: 'review', filedOn: '2021-05-25' }, caseId, ctxAt('2021-05-25T09:00'));
  await service.decideAppeal({ outcome: 'annulled', decidedOn: '2021-06-01' }, caseId, review.id, ctxAt('2021-06-01T09:00'));
  t.same(effectTypes(store), ['SanctionTookEffect', 'SanctionRevised']);
});

t.test('the reactor and the command racing on one officer still write each effect once', async (t) => {
  const { store, service, caseId } = await sanctionedBureau();
  const react = createSanctionEffectReactor({ store, clock: reactorClock });
  // Just before the service's officer append, the reactor sees the new SanctionImposed and applies it.
  store.beforeNextAppend.set('officer-O-ZHANG', async () => {
    const imposed = store.events(`case-${caseId}`).find((e) => e.type === 'SanctionImposed');
    if (imposed) await react(imposed);
  });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'qualification_revoked', effectiveOn: '2021-05-21', basis: '取消执法资格' }, caseId, ctxAt('2021-05-21T09:00'));
  t.same(effectTypes(store), ['SanctionTookEffect'], 'the service retried, found it applied, and wrote nothing');
});

t.test('the reactor ignores what is not a sanction decision', async (t) => {
  const { store, service, caseId } = await sanctionedBureau();
  const sanction = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'criticism_education', effectiveOn: '2021-05-21', basis: '批评教育' }, caseId, ctxAt('2021-05-21T09:00'));
  const review = await service.fileAppeal({ sanctionId: sanction.id, stage: 'review', filedOn: '2021-05-25' }, caseId, ctxAt('2021-05-25T09:00'));
  await service.decideAppeal({ outcome: 'upheld', decidedOn: '2021-06-01' }, caseId, review.id, ctxAt('2021-06-01T09:00'));
  const appends = store.appendCalls;
  const logLength = store.log.length;
  await replay(store, createSanctionEffectReactor({ store }));
  t.equal(store.log.length, logLength);
  t.equal(store.appendCalls, appends, 'an upheld decision, reports, findings: nothing to do, not even an append');
  t.same(effectTypes(store), ['SanctionTookEffect']);
});
