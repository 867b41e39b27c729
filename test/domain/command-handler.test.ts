import t from 'tap';
import { ZodError } from 'zod';
import { createCommandService } from '../../src/application/command-service.js';
import { NotFoundError, RuleViolation } from '../../src/domain/shared/errors.js';
import { WrongExpectedVersionError } from '../../src/store/errors.js';
import { ctxAt, hrActor, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// The generic handler, seen through the command service: exact expected revisions, retries on a
// conflict, If-Match, metadata on every event, and refusals that leave the log untouched.

const hr = (local = '2021-06-01T09:00', extra = {}) => ctxAt(local, hrActor, extra);

async function bureau() {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  return { store, service };
}

t.test('every event carries its metadata', async (t) => {
  const { store, service } = await bureau();
  const ctx = hr('2021-06-01T09:30', { correlationId: 'req-abc', causationId: 'evt-xyz' });
  const result = await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', ctx);
  const [event] = store.events('officer-O-ZHANG').slice(-1);
  t.equal(result.id, event!.id, 'a write without an id of its own answers the event id');
  t.match(event!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a uuid');
  t.same(event!.metadata, { $correlationId: 'req-abc', $causationId: 'evt-xyz', actor: 'hr-zhao', recordedAt: '2021-06-01T09:30:00.000+08:00', schemaVersion: 1 });
  await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '以案促改警示教育' }, 'O-ZHANG', hr('2021-06-01T09:40', { correlationId: 'req-def' }));
  t.equal(store.events('officer-O-ZHANG').at(-1)!.metadata.$causationId, 'req-def', 'causation defaults to the correlation id');
});

t.test('writes answer the stream revision and log position', async (t) => {
  const { store, service } = await bureau();
  const before = store.events('officer-O-ZHANG').length;
  const result = await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr());
  t.equal(result.revision, BigInt(before), 'the revision of the event written');
  t.equal(result.position, store.log.at(-1)!.position);
  const unit = await service.registerUnit({ unitId: 'U-NEW', name: '新单位' }, hr());
  t.same(unit, { id: 'U-NEW', revision: 0n, position: store.log.at(-1)!.position }, 'a new unit answers its own id');
});

t.test('a concurrent write to the same stream: the command starts over on the new state', async (t) => {
  const { store, service } = await bureau();
  // Someone else records a qualification between our read and our append.
  store.beforeNextAppend.set('officer-O-ZHANG', async () => {
    await service.grantQualification({ certificateNo: 'HN-OTHER', grantedOn: '2021-05-31' }, 'O-ZHANG', hr());
  });
  const result = await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr());
  const types = store.events('officer-O-ZHANG').slice(-2).map((e) => e.type);
  t.same(types, ['QualificationGranted', 'WarningEducationAttended'], 'both writes are kept, in order');
  t.equal(result.revision, BigInt(store.events('officer-O-ZHANG').length - 1));
});

t.test('a race of two registrations: exactly one wins, the other is refused by the rule', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await service.registerUnit({ unitId: 'U-1', name: '一大队' }, hr());
  store.beforeNextAppend.set('officer-O-NEW', async () => {
    await service.registerOfficer({ officerId: 'O-NEW', name: '甲', unitId: 'U-1', hiredOn: '2020-01-01' }, hr());
  });
  await t.rejects(service.registerOfficer({ officerId: 'O-NEW', name: '乙', unitId: 'U-1', hiredOn: '2020-01-01' }, hr()),
    { name: 'RuleViolation', rule: 'officer_already_registered' });
  t.same(store.events('officer-O-NEW').map((e) => e.data.name), ['甲']);
});

t.test('retries are bounded', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store, maxRetries: 0 });
  await service.registerUnit({ unitId: 'U-1', name: '一大队' }, hr());
  await service.registerOfficer({ officerId: 'O-1', name: '甲', unitId: 'U-1', hiredOn: '2020-01-01' }, hr());
  store.beforeNextAppend.set('officer-O-1', async () => {
    await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: 'a' }, 'O-1', hr());
  });
  await t.rejects(service.recordWarningEducation({ attendedOn: '2021-06-01', topic: 'b' }, 'O-1', hr()), WrongExpectedVersionError);
});

t.test('If-Match pins the revision: a stale one is a WrongExpectedVersionError and writes nothing', async (t) => {
  const { store, service } = await bureau();
  const head = BigInt(store.events('officer-O-ZHANG').length - 1);
  const logLength = store.log.length;
  await t.rejects(service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr(undefined, { expectedRevision: head - 1n })),
    { name: 'WrongExpectedVersionError', streamName: 'officer-O-ZHANG', expected: String(head - 1n), actual: head });
  t.equal(store.log.length, logLength, 'nothing written');
  const ok = await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr(undefined, { expectedRevision: head }));
  t.equal(ok.revision, head + 1n, 'the current revision writes');

  store.beforeNextAppend.set('officer-O-ZHANG', async () => {
    await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: 'other' }, 'O-ZHANG', hr());
  });
  await t.rejects(service.recordWarningEducation({ attendedOn: '2021-06-01', topic: 'mine' }, 'O-ZHANG', hr(undefined, { expectedRevision: head + 1n })),
    WrongExpectedVersionError, 'a conflict under If-Match is not retried');
  t.notOk(store.events('officer-O-ZHANG').some((e) => e.data.topic === 'mine'));
  await t.rejects(service.registerUnit({ unitId: 'U-NEW', name: '新' }, hr(undefined, { expectedRevision: 0n })),
    { name: 'WrongExpectedVersionError', actual: 'no_stream' }, 'a stream that does not exist is not at any revision');
  await t.rejects(service.closeCase({ summary: 'x' }, '7d1f0c2e-4b8a-4c7e-9a51-0f3b2d6e8a11', ctxAt('2021-06-01T09:00', undefined, { expectedRevision: 3n })),
    NotFoundError, 'an unknown case is a 404 before it is a 412');
});

t.test('refusals and bad input leave the log untouched', async (t) => {
  const { store, service } = await bureau();
  const logLength = store.log.length;
  const appends = store.appendCalls;
  await t.rejects(service.assignOfficer({ postId: 'P-NOWHERE', effectiveOn: '2021-06-01', reason: 'transfer' }, 'O-ZHANG', hr()), RuleViolation);
  await t.rejects(service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-02-30', reason: 'transfer' }, 'O-LI', hr()), ZodError,
    'a date that is not real');
  await t.rejects(service.registerUnit({ unitId: 'U-2', name: '二大队', extra: true } as never, hr()), ZodError, 'unknown fields are refused');
  await t.rejects(service.grantQualification({ certificateNo: 'X', grantedOn: '2021-01-01' }, 'O-NOBODY', hr()), { name: 'NotFoundError', resource: 'officer' });
  await t.rejects(service.grantQualification({ certificateNo: 'X', grantedOn: '2021-01-01' }, '../etc', hr()), { name: 'NotFoundError', resource: 'officer' },
    'an id that cannot exist is simply unknown');
  await t.rejects(service.assignVerification({ inspectorId: 'x' }, 'not-a-uuid', ctxAt('2021-06-01T09:00')), { name: 'NotFoundError', resource: 'case' });
  await t.rejects(service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-06-01' }, 'U-NONE', hr()), { name: 'NotFoundError', resource: 'unit' });
  await t.rejects(service.definePost({ postId: 'P-X', unitId: 'U-NONE', title: 'x', enforcement: false, sensitive: false }, hr()), { name: 'RuleViolation', rule: 'unknown_unit' });
  await t.rejects(service.reportCase({ officerIds: ['O-GHOST'], category: 'conduct', channel: 'email', occurredOn: '2021-05-01', summary: 'x' }, ctxAt('2021-06-01T09:00')),
    { name: 'RuleViolation', rule: 'unknown_officer' }, 'an unknown id in the body is a rule (409), not a 404');
  t.equal(store.log.length, logLength, 'nothing written');
  t.equal(store.appendCalls, appends, 'not even attempted');
});

t.test('the unit head is appointed from the officer register', async (t) => {
  const { store, service } = await bureau();
  await service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-06-01' }, 'U-BRIGADE', hr());
  t.match(store.events('unit-U-BRIGADE').at(-1), { type: 'UnitHeadAppointed', data: { officerId: 'O-LI' } });
  await t.rejects(service.appointUnitHead({ officerId: 'O-GHOST', effectiveOn: '2021-06-01' }, 'U-BRIGADE', hr()), { name: 'RuleViolation', rule: 'unknown_officer' });
});

t.test('corrections through the service', async (t) => {
  const { store, service } = await bureau();
  const registration = store.events('officer-O-ZHANG')[0]!;
  await service.correctOfficer({ correctsEventId: registration.id, reason: '姓名录入错误', changes: { name: '张炜' } }, 'O-ZHANG', hr());
  t.match(store.events('officer-O-ZHANG').at(-1), { type: 'OfficerRecordCorrected', data: { correctsEventId: registration.id }, metadata: { actor: 'hr-zhao' } });
  await t.rejects(service.correctOfficer({ correctsEventId: registration.id, reason: 'x', changes: { unitId: 'U-NONE' } }, 'O-ZHANG', hr()), { name: 'RuleViolation', rule: 'unknown_unit' });

  const { id: caseId } = await service.reportCase({ officerIds: ['O-ZHANG'], category: 'conduct', channel: 'email', occurredOn: '2021-05-01', summary: 'x' }, ctxAt('2021-06-01T09:00'));
  const report = store.events(`case-${caseId}`)[0]!;
  await service.correctCase({ correctsEventId: report.id, reason: '渠道录入错误', changes: { channel: 'letter' } }, caseId, ctxAt('2021-06-02T09:00'));
  t.match(store.events(`case-${caseId}`).at(-1), { type: 'CaseRecordCorrected', data: { correctsEventId: report.id, changes: { channel: 'letter' } } });
  await t.rejects(service.correctCase({ correctsEventId: registration.id, reason: 'x', changes: { channel: 'letter' } }, caseId, ctxAt('2021-06-02T09:00')),
    { name: 'RuleViolation', rule: 'correction_target_invalid' });
});
