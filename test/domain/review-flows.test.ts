import t, { type Test } from 'tap';
import { loadAggregate } from '../../src/application/load-aggregate.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider, officerDecider } from '../../src/domain/deciders.js';
import type { Officer } from '../../src/domain/officer/state.js';
import type { ReportChannel, Severity, ViolationCategory } from '../../src/domain/shared/codes.js';
import { RuleViolation } from '../../src/domain/shared/errors.js';
import type { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { ctxAt, hrActor, openSeededService } from '../fixtures/domain-bureau.js';

// Through the command service on the embedded store: the facts the case decisions look up from other
// streams (the unit's head on the day of the breach, an officer's separation, their current post)
// reach them, and a refusal writes nothing.

async function openBureau(t: Test) {
  const { store, service } = await openSeededService(t);
  const caseFile = async (caseId: string) => (await loadAggregate(store, `case-${caseId}`, caseDecider)).state as CaseFile;
  const officer = async (officerId: string) => (await loadAggregate(store, `officer-${officerId}`, officerDecider)).state as Officer;
  /** A breach reported, its verification assigned to inspector-li and found substantiated, each at its own local time: the case. */
  const substantiated = async (
    report: { officerId: string; category: ViolationCategory; channel: ReportChannel; occurredOn: string; summary: string; severity: Severity },
    at: { reported: string; assigned: string; found: string },
  ) => {
    const { officerId, severity, ...rest } = report;
    const reported = await service.reportCase({ officerIds: [officerId], ...rest }, ctxAt(at.reported));
    await service.assignVerification({ inspectorId: 'inspector-li' }, reported.id, ctxAt(at.assigned));
    await service.recordFinding({ outcome: 'substantiated', severity, summary: '属实' }, reported.id, ctxAt(at.found));
    return reported;
  };
  return { store, service, caseFile, officer, substantiated };
}

async function refusedBy(t: Test, store: SqliteEventStore, write: Promise<unknown>, rule: string, message: string) {
  const before = await store.headPosition();
  const error = await write.then(() => null, (e: unknown) => e);
  t.ok(error instanceof RuleViolation, `${message}: refused (${error instanceof Error ? error.message : 'accepted'})`);
  t.equal((error as RuleViolation | null)?.rule, rule, `${message}: by ${rule}`);
  t.equal(await store.headPosition(), before, `${message}: nothing written`);
}

const hr = (local: string) => ctxAt(local, hrActor);

t.test('the unit head accountable is the head when the breach happened, not today\'s', async (t) => {
  const { store, service, caseFile, substantiated } = await openBureau(t);
  // A breach in March under O-HEAD; O-LI heads the brigade from 1 May.
  await service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-05-01' }, 'U-BRIGADE', hr('2021-05-01T09:00'));
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-03-10', summary: '三月的违规', severity: 'minor' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  t.match((await caseFile(id)).accountability.filter((a) => a.level === 'unit_head'), [{ unitId: 'U-BRIGADE', headOfficerId: 'O-HEAD' }], 'bj-2 names the head of March');
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-LI', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, id, ctxAt('2021-06-02T09:00')),
    'not_unit_head', 'the head appointed after the breach');
  const held = await service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, id, ctxAt('2021-06-02T09:00'));
  t.ok(held.id, 'the head of March answers for it');
});

t.test('a head who has left service heads nothing from then on; for their own time they stay accountable', async (t) => {
  const { store, service, caseFile, substantiated } = await openBureau(t);
  const ownCase = await substantiated({ officerId: 'O-HEAD', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: '负责人违规', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  await service.imposeSanction({ officerId: 'O-HEAD', kind: 'expulsion', effectiveOn: '2021-06-02', basis: '开除' }, ownCase.id, ctxAt('2021-06-02T09:00'));

  const after = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-07-01', summary: '七月的违规', severity: 'minor' },
    { reported: '2021-07-02T09:00', assigned: '2021-07-02T10:00', found: '2021-07-05T09:00' });
  t.match((await caseFile(after.id)).accountability.filter((a) => a.level === 'unit_head'), [{ headOfficerId: null }],
    'a breach after the head was expelled: no head on record, so the alert asks for one');
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-07-05', basis: 'x' }, after.id, ctxAt('2021-07-05T10:00')),
    'not_unit_head', 'the expelled head does not answer for July');

  const before = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-05-15', summary: '五月的违规', severity: 'criminal' },
    { reported: '2021-07-02T09:00', assigned: '2021-07-02T10:00', found: '2021-07-05T09:00' });
  t.match((await caseFile(before.id)).accountability.filter((a) => a.level === 'unit_head'), [{ headOfficerId: 'O-HEAD' }],
    'a breach of May: the head of May, expelled since, is still the one accountable');
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-07-05', basis: 'x' }, before.id, ctxAt('2021-07-05T10:00')),
    'officer_separated', 'though no sanction but a judicial referral can reach a former officer');
  t.ok((await service.imposeSanction({ officerId: 'O-HEAD', kind: 'judicial_referral', capacity: 'unit_head', effectiveOn: '2021-07-05', basis: '移送' }, before.id, ctxAt('2021-07-05T10:00'))).id,
    'a judicial referral can');
});

t.test('separation: no breach after it, no verification by a former officer', async (t) => {
  const { store, service, substantiated } = await openBureau(t);
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'x', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-02', basis: '辞退' }, id, ctxAt('2021-06-02T09:00'));
  await refusedBy(t, store, service.reportCase({ officerIds: ['O-ZHANG'], category: 'conduct', channel: 'forum', occurredOn: '2021-06-10', summary: 'x' }, ctxAt('2021-06-11T09:00')),
    'breach_after_separation', 'a breach dated after the dismissal');
  const other = await service.reportCase({ officerIds: ['O-LI'], category: 'conduct', channel: 'forum', occurredOn: '2021-06-01', summary: 'x' }, ctxAt('2021-06-03T09:00'));
  await refusedBy(t, store, service.assignVerification({ inspectorId: 'O-ZHANG' }, other.id, ctxAt('2021-06-03T10:00')), 'inspector_separated', 'the dismissed officer as inspector');
  t.ok((await service.assignVerification({ inspectorId: 'inspector-wu' }, other.id, ctxAt('2021-06-03T10:00'))).id, 'a user id that names no officer');
  await service.registerOfficer({ officerId: 'O-WANG', name: '王芳', unitId: 'U-OFFICE', hiredOn: '2012-03-01' }, ctxAt('2021-06-03T10:30', hrActor));
  t.ok((await service.assignVerification({ inspectorId: 'O-WANG' }, other.id, ctxAt('2021-06-03T11:00'))).id, 'an officer in service');
  await refusedBy(t, store, service.assignVerification({ inspectorId: 'O-HEAD' }, other.id, ctxAt('2021-06-03T11:30')), 'inspector_is_subject',
    'but not the head of the subject\'s unit, whom the finding would hold accountable');
  t.ok((await service.assignVerification({ inspectorId: 'inspector@bureau.example' }, other.id, ctxAt('2021-06-03T12:00'))).id,
    'an inspector id that could not be an officer id is not looked up');
});

t.test('a reduced sanction is not imposed again; a moving one is not backdated before the current post', async (t) => {
  const { store, service, officer, substantiated } = await openBureau(t);
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-05-20', summary: 'x', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  await service.assignOfficer({ postId: 'P-FINES', effectiveOn: '2021-06-05', reason: 'rotation' }, 'O-ZHANG', hr('2021-06-05T09:00'));
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-ZHANG', kind: 'reassignment', toPostId: 'P-ARCHIVE', effectiveOn: '2021-06-02', basis: 'b' }, id, ctxAt('2021-06-10T09:00')),
    'date_out_of_order', 'a reassignment dated before the rotation of 5 June');
  const dismissal = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-10', basis: '辞退' }, id, ctxAt('2021-06-10T09:00'));
  const review = await service.fileAppeal({ sanctionId: dismissal.id, stage: 'review', filedOn: '2021-06-11' }, id, ctxAt('2021-06-11T09:00'));
  await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'criticism_education' }, id, review.id, ctxAt('2021-06-20T09:00'));
  t.equal((await officer('O-ZHANG')).inService, true, 'the review reinstated the officer');
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-21', basis: 'again' }, id, ctxAt('2021-06-21T09:00')),
    'sanction_settled_on_appeal', 'dismissing again after the review reduced it');
  t.equal((await officer('O-ZHANG')).inService, true, 'still in service');
  const history = (await officer('O-ZHANG')).postHistory;
  t.ok(history.every((entry) => entry.to === null || entry.to >= entry.from), 'no post history entry ends before it begins');
});

t.test('a backdated sanction leaves the whole review window', async (t) => {
  const { service, substantiated } = await openBureau(t);
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'x', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  const s = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-02', basis: '辞退' }, id, ctxAt('2021-07-10T09:00'));
  t.ok((await service.fileAppeal({ sanctionId: s.id, stage: 'review', filedOn: '2021-07-11' }, id, ctxAt('2021-07-11T09:00'))).id,
    'a review the day after a sanction dated 2 June was recorded on 10 July');
});

t.test('a corrected day of the breach is no matter for the heads it chooses between, nor for an inspector it makes a head', async (t) => {
  const { store, service, caseFile } = await openBureau(t);
  // O-LI heads the brigade from 1 May; before, O-HEAD did. O-ZHANG stays in the brigade throughout: the day moves nobody.
  await service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-05-01' }, 'U-BRIGADE', hr('2021-05-01T09:00'));
  const { id } = await service.reportCase({ officerIds: ['O-ZHANG'], category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'x' }, ctxAt('2021-05-25T09:00'));
  const report = (await caseFile(id)).reportEventId!;
  const li = { sub: 'li', roles: ['inspector' as const], officerId: 'O-LI' };
  const toApril = { correctsEventId: report, reason: '发生日期有误', changes: { occurredOn: '2021-04-20' } };
  await forbiddenTo(t, store, service.correctCase(toApril, id, ctxAt('2021-05-26T09:00', li)), 'the head of the day recorded does not move the breach into the term of another head');
  const head = { sub: 'liu', roles: ['inspector' as const], officerId: 'O-HEAD' };
  await service.correctCase({ ...toApril, changes: { occurredOn: '2021-04-21' } }, id, ctxAt('2021-05-26T09:00'));
  await forbiddenTo(t, store, service.correctCase({ ...toApril, changes: { occurredOn: '2021-05-20' } }, id, ctxAt('2021-05-26T10:00', head)),
    'nor the head of the day as corrected out of it');
  await service.assignVerification({ inspectorId: 'O-LI' }, id, ctxAt('2021-05-26T11:00'));
  await refusedBy(t, store, service.correctCase({ ...toApril, changes: { occurredOn: '2021-05-20' } }, id, ctxAt('2021-05-26T12:00')),
    'inspector_is_subject', 'a day in the term of the inspector verifying the case');
  await forbiddenTo(t, store, service.correctCase({ ...toApril, changes: { summary: '更正' } }, id, ctxAt('2021-05-26T13:00', head)),
    'nor, as head of the day now recorded, any other correction: the case concerns them');
  t.ok((await service.correctCase({ ...toApril, changes: { summary: '更正' } }, id, ctxAt('2021-05-26T13:00', li))).id,
    'which the head of the day it was moved from may now make');
});

t.test('after a finding held a head to account, the day of the breach is not corrected into another head\'s term', async (t) => {
  const { store, service, caseFile, substantiated } = await openBureau(t);
  // O-LI heads the brigade from 1 May; before, O-HEAD did. A breach on 20 May is found: bj-2 names O-LI.
  await service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-05-01' }, 'U-BRIGADE', hr('2021-05-01T09:00'));
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'x', severity: 'minor' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  t.match((await caseFile(id)).accountability.filter((a) => a.level === 'unit_head'), [{ unitId: 'U-BRIGADE', headOfficerId: 'O-LI' }]);
  const report = (await caseFile(id)).reportEventId!;
  const correction = (occurredOn: string) => ({ correctsEventId: report, reason: '发生日期有误', changes: { occurredOn } });

  // When the day is corrected to April, in O-HEAD's term, then it is refused: the finding named O-LI
  await refusedBy(t, store, service.correctCase(correction('2021-04-20'), id, ctxAt('2021-06-02T09:00')),
    'finding_already_recorded', 'a day on which another head headed the unit');
  // and O-LI still answers for it, O-HEAD not
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, id, ctxAt('2021-06-02T10:00')),
    'not_unit_head', 'the head of April');
  t.ok((await service.imposeSanction({ officerId: 'O-LI', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, id, ctxAt('2021-06-02T10:00'))).id,
    'the head the finding named');
  // When it is corrected to another day of O-LI's term, then it is accepted
  t.ok((await service.correctCase(correction('2021-05-02'), id, ctxAt('2021-06-03T09:00'))).id, 'a day under the same head');
  t.equal((await caseFile(id)).occurredOn, '2021-05-02');
});

async function forbiddenTo(t: Test, store: SqliteEventStore, write: Promise<unknown>, message: string) {
  const before = await store.headPosition();
  const error = await write.then(() => null, (e: unknown) => e);
  t.equal((error as { rule?: string } | null)?.rule, 'actor_is_subject', `${message}: forbidden (${error instanceof Error ? error.message : 'accepted'})`);
  t.equal(error?.constructor.name, 'ActorNotPermittedError', `${message}: a 403`);
  t.equal(await store.headPosition(), before, `${message}: nothing written`);
}

t.test('a replacement that needs an officer in service does not start after they left it', async (t) => {
  const { store, service, officer, substantiated } = await openBureau(t);
  const found = async (occurredOn: string, on: string) => {
    const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn, summary: 'x', severity: 'serious' },
      { reported: `${on}T09:00`, assigned: `${on}T10:00`, found: `${on}T11:00` });
    return id;
  };
  // A loss of qualification under review in one case; an expulsion on 5 June in another.
  const first = await found('2021-05-20', '2021-06-01');
  const revoked = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'qualification_revoked', effectiveOn: '2021-06-02', basis: 'b' }, first, ctxAt('2021-06-02T09:00'));
  const review = await service.fileAppeal({ sanctionId: revoked.id, stage: 'review', filedOn: '2021-06-03' }, first, ctxAt('2021-06-03T09:00'));
  const second = await found('2021-05-21', '2021-06-04');
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'expulsion', effectiveOn: '2021-06-05', basis: '开除' }, second, ctxAt('2021-06-05T09:00'));

  await refusedBy(t, store, service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'off_post_training' }, first, review.id, ctxAt('2021-06-20T09:00')),
    'officer_separated', 'an off-post training from 20 June for an officer expelled on 5 June (never to be completed)');
  await refusedBy(t, store, service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' }, first, review.id, ctxAt('2021-06-20T09:00')),
    'officer_separated', 'nor a move to another post');
  t.same(Object.values((await officer('O-ZHANG')).sanctions).filter((s) => s.kind === 'off_post_training'), [], 'no training in progress for a former officer');
  await refusedBy(t, store, service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-04', replacementKind: 'off_post_training' }, first, review.id, ctxAt('2021-06-20T09:00')),
    'officer_separated', 'nor one dated before the expulsion: as for a sanction imposed, once they have left only a judicial referral follows');

  // Reducing the separation itself reinstates the officer first: the replacement finds them in service.
  const dismissed = await substantiated({ officerId: 'O-LI', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-22', summary: 'x', severity: 'serious' },
    { reported: '2021-06-06T12:00', assigned: '2021-06-06T13:00', found: '2021-06-06T14:00' });
  const dismissal = await service.imposeSanction({ officerId: 'O-LI', kind: 'dismissal', effectiveOn: '2021-06-07', basis: '辞退' }, dismissed.id, ctxAt('2021-06-07T09:00'));
  const itsReview = await service.fileAppeal({ sanctionId: dismissal.id, stage: 'review', filedOn: '2021-06-08' }, dismissed.id, ctxAt('2021-06-08T09:00'));
  t.ok((await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'off_post_training' }, dismissed.id, itsReview.id, ctxAt('2021-06-20T09:00'))).id,
    'a dismissal reduced to an off-post training');
  t.match(await officer('O-LI'), { inService: true }, 'the officer is back in service, in training');
});

t.test('a review reaches an officer who left service by another sanction only with a judicial referral', async (t) => {
  const { store, service, officer, substantiated } = await openBureau(t);
  // Case A: dismissed from 2 June.
  const a = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'A', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  const dismissal = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-02', basis: '辞退' }, a.id, ctxAt('2021-06-02T09:00'));
  // Case B, a suspected crime of May: after the dismissal only a referral can follow, and it is reviewed.
  const b = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'petition', occurredOn: '2021-05-21', summary: 'B', severity: 'criminal' },
    { reported: '2021-05-25T10:00', assigned: '2021-05-26T10:00', found: '2021-06-01T10:00' });
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-ZHANG', kind: 'expulsion', effectiveOn: '2021-06-03', basis: '开除' }, b.id, ctxAt('2021-06-03T09:00')),
    'officer_separated', 'an expulsion imposed on the dismissed officer');
  const referral = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'judicial_referral', effectiveOn: '2021-06-03', basis: '移送' }, b.id, ctxAt('2021-06-03T09:00'));
  const review = await service.fileAppeal({ sanctionId: referral.id, stage: 'review', filedOn: '2021-06-04' }, b.id, ctxAt('2021-06-04T09:00'));
  for (const replacementKind of ['expulsion', 'criticism_education'] as const) {
    await refusedBy(t, store, service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-05', replacementKind }, b.id, review.id, ctxAt('2021-06-05T09:00')),
      'officer_separated', `nor reached by reducing the referral to ${replacementKind}`);
  }
  // Had the expulsion gone in, annulling the dismissal would leave an officer in service with an expulsion in force.
  const reviewA = await service.fileAppeal({ sanctionId: dismissal.id, stage: 'review', filedOn: '2021-06-06' }, a.id, ctxAt('2021-06-06T09:00'));
  await service.decideAppeal({ outcome: 'annulled', decidedOn: '2021-06-07' }, a.id, reviewA.id, ctxAt('2021-06-07T09:00'));
  const zhang = await officer('O-ZHANG');
  t.equal(zhang.inService, true, 'the annulled dismissal reinstates the officer');
  t.same(Object.values(zhang.sanctions).filter((s) => s.kind === 'expulsion'), [], 'with no expulsion on record');
  t.ok((await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'expulsion' }, b.id, review.id, ctxAt('2021-06-08T09:00'))).id,
    'once back in service, the review may reduce the referral to an expulsion');
});

t.test('a unit-head sanction follows the head the finding held accountable, whatever the unit\'s record says of that day since', async (t) => {
  const { store, service, caseFile, substantiated } = await openBureau(t);
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: '五月的违规', severity: 'minor' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  t.match((await caseFile(id)).accountability.filter((a) => a.level === 'unit_head'), [{ headOfficerId: 'O-HEAD' }], 'bj-2 holds O-HEAD, head on 20 May');
  // On 5 June HR records O-LI as head of the brigade from 1 April.
  await service.appointUnitHead({ officerId: 'O-LI', effectiveOn: '2021-04-01' }, 'U-BRIGADE', hr('2021-06-05T09:00'));
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-LI', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-06', basis: 'bj-2' }, id, ctxAt('2021-06-06T10:00')),
    'not_unit_head', 'an officer the finding does not hold accountable');
  t.ok((await service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-06', basis: 'bj-2' }, id, ctxAt('2021-06-06T09:00'))).id,
    'the head the finding holds accountable');
});

t.test('a finding that named no head is answered by no head, even one reinstated since', async (t) => {
  const { store, service, caseFile, substantiated } = await openBureau(t);
  const own = await substantiated({ officerId: 'O-HEAD', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: '负责人违规', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  const dismissal = await service.imposeSanction({ officerId: 'O-HEAD', kind: 'dismissal', effectiveOn: '2021-06-02', basis: '辞退' }, own.id, ctxAt('2021-06-02T09:00'));
  // A breach of 10 June in the brigade: no head in office that day, and the finding says so.
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-06-10', summary: 'x', severity: 'minor' },
    { reported: '2021-06-11T09:00', assigned: '2021-06-11T10:00', found: '2021-06-14T09:00' });
  t.match((await caseFile(id)).accountability.filter((a) => a.level === 'unit_head'), [{ headOfficerId: null }], 'bj-2 names no head');
  const review = await service.fileAppeal({ sanctionId: dismissal.id, stage: 'review', filedOn: '2021-06-15' }, own.id, ctxAt('2021-06-15T09:00'));
  await service.decideAppeal({ outcome: 'annulled', decidedOn: '2021-06-20' }, own.id, review.id, ctxAt('2021-06-20T09:00'));
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-21', basis: 'bj-2' }, id, ctxAt('2021-06-21T09:00')),
    'not_unit_head', 'the head reinstated on review');
});

t.test('a dismissal is not backdated before an off-post training in progress began, which could then never be completed', async (t) => {
  const { store, service, officer, substantiated } = await openBureau(t);
  const b = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-05-21', summary: 'B', severity: 'minor' },
    { reported: '2021-05-25T10:00', assigned: '2021-05-26T10:00', found: '2021-06-01T10:00' });
  const training = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'off_post_training', effectiveOn: '2021-06-10', basis: '离岗培训' }, b.id, ctxAt('2021-06-10T09:00'));
  const a = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: 'A', severity: 'serious' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-05', basis: '辞退' }, a.id, ctxAt('2021-06-12T09:00')),
    'date_out_of_order', 'a dismissal dated before the training began');
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-12', basis: '辞退' }, a.id, ctxAt('2021-06-12T09:00'));
  await service.completeOffPostTraining({ sanctionId: training.id, completedOn: '2021-06-12' }, 'O-ZHANG', hr('2021-06-12T10:00'));
  t.match((await officer('O-ZHANG')).sanctions[training.id], { status: 'completed', completedOn: '2021-06-12' }, 'dated from the training on, the training can still be completed');
});

t.test('of two trainings in progress, a dismissal is not dated before the later one began', async (t) => {
  const { store, service, substantiated } = await openBureau(t);
  const first = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-05-10', summary: '1', severity: 'minor' },
    { reported: '2021-05-25T08:00', assigned: '2021-05-25T08:30', found: '2021-05-31T08:00' });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'off_post_training', effectiveOn: '2021-06-01', basis: '离岗培训' }, first.id, ctxAt('2021-06-01T09:00'));
  const second = await substantiated({ officerId: 'O-ZHANG', category: 'conduct', channel: 'forum', occurredOn: '2021-05-11', summary: '2', severity: 'minor' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-25T09:30', found: '2021-05-31T09:00' });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'off_post_training', effectiveOn: '2021-06-10', basis: '离岗培训' }, second.id, ctxAt('2021-06-10T09:00'));
  const dismissing = await substantiated({ officerId: 'O-ZHANG', category: 'integrity', channel: 'inspection', occurredOn: '2021-05-20', summary: '3', severity: 'serious' },
    { reported: '2021-05-25T10:00', assigned: '2021-05-25T10:30', found: '2021-06-01T10:00' });
  await refusedBy(t, store, service.imposeSanction({ officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-05', basis: '辞退' }, dismissing.id, ctxAt('2021-06-12T09:00')),
    'date_out_of_order', 'between the two starts: the training of 10 June could never be completed');
});

t.test('a sanction reduced on review to an off-post training with an end is completed from that end, not before', async (t) => {
  const { store, service, officer, substantiated } = await openBureau(t);
  // Given O-ZHANG's qualification revoked on 2 June, and a review that on 10 June reduced it to an
  // off-post training ending on 20 June,
  const { id } = await substantiated({ officerId: 'O-ZHANG', category: 'competence', channel: 'inspection', occurredOn: '2021-05-20', summary: '滥用强制措施', severity: 'minor' },
    { reported: '2021-05-25T09:00', assigned: '2021-05-26T09:00', found: '2021-06-01T09:00' });
  const revoked = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'qualification_revoked', effectiveOn: '2021-06-02', basis: '取消执法资格' }, id, ctxAt('2021-06-02T09:00'));
  const review = await service.fileAppeal({ sanctionId: revoked.id, stage: 'review', filedOn: '2021-06-03' }, id, ctxAt('2021-06-03T09:00'));
  await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-10', replacementKind: 'off_post_training', untilOn: '2021-06-20' }, id, review.id, ctxAt('2021-06-10T09:00'));
  t.match((await officer('O-ZHANG')).sanctions[revoked.id], { kind: 'off_post_training', effectiveOn: '2021-06-10', untilOn: '2021-06-20', status: 'in_force' },
    'the officer is in the training the review decided');
  // when HR records it completed before 20 June, then it is refused and nothing is written;
  await refusedBy(t, store, service.completeOffPostTraining({ sanctionId: revoked.id, completedOn: '2021-06-10' }, 'O-ZHANG', hr('2021-06-15T10:00')),
    'training_before_planned_end', 'completed the day the review decided it');
  await refusedBy(t, store, service.completeOffPostTraining({ sanctionId: revoked.id, completedOn: '2021-06-19' }, 'O-ZHANG', hr('2021-06-19T10:00')),
    'training_before_planned_end', 'the day before the end the review set');
  // on 20 June it is recorded.
  await service.completeOffPostTraining({ sanctionId: revoked.id, completedOn: '2021-06-20' }, 'O-ZHANG', hr('2021-06-20T10:00'));
  t.match((await officer('O-ZHANG')).sanctions[revoked.id], { status: 'completed', completedOn: '2021-06-20' }, 'completed on the end the review set');
});
