import t, { type Test } from 'tap';
import { loadAggregate } from '../../src/application/load-aggregate.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider, officerDecider } from '../../src/domain/deciders.js';
import type { Officer } from '../../src/domain/officer/state.js';
import type { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import type { CommandService } from '../../src/application/command-service.js';
import type { ReportChannel, Severity, ViolationCategory } from '../../src/domain/shared/codes.js';
import { ctxAt, hrActor, openSeededService } from '../fixtures/domain-bureau.js';

// End-to-end flows through the command service on the embedded SQLite store.

const openBureau = (t: Test) => openSeededService(t);

/** A case against `officerIds` reported on 12 May 2021, verified, and found on 20 May: where the sanction flows start. */
async function foundCase(
  service: CommandService, officerIds: string[], report: { category: ViolationCategory; channel: ReportChannel; summary: string },
  finding: { outcome: 'substantiated' | 'partly_substantiated'; severity: Severity; summary: string },
): Promise<string> {
  const { id: caseId } = await service.reportCase({ officerIds, occurredOn: '2021-05-10', ...report }, ctxAt('2021-05-12T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li' }, caseId, ctxAt('2021-05-12T10:00'));
  await service.recordFinding(finding, caseId, ctxAt('2021-05-20T09:00'));
  return caseId;
}

async function officer(store: SqliteEventStore, officerId: string): Promise<Officer> {
  const { state } = await loadAggregate(store, `officer-${officerId}`, officerDecider);
  if (!state.exists) throw new Error(`no officer ${officerId}`);
  return state;
}

async function caseFile(store: SqliteEventStore, caseId: string): Promise<CaseFile> {
  const { state } = await loadAggregate(store, `case-${caseId}`, caseDecider);
  if (!state.exists) throw new Error(`no case ${caseId}`);
  return state;
}

const types = async (store: SqliteEventStore, stream: string) => (await store.readStream(stream)).map((e) => e.type);

async function rejectsWithRule(t: Test, promise: Promise<unknown>, rule: string, message: string) {
  await t.rejects(promise, { name: 'RuleViolation', rule }, message);
}

t.test('report -> verify -> finding -> sanction -> review -> decision -> appeal -> decision', async (t) => {
  const { store, service } = await openBureau(t);
  const report = await service.reportCase({
    officerIds: ['O-ZHANG'], category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-05-20',
    summary: '路政巡查中收受货车司机现金后未予处罚', ruleRefs: ['lyj-5'], reporter: { name: '王先生', contact: '138****0000' },
  }, ctxAt('2021-05-25T09:00'));
  t.match(report, { id: /^[0-9a-f-]{36}$/, revision: 0n });
  const caseId = report.id;

  const verification = await service.assignVerification({ inspectorId: 'inspector-li' }, caseId, ctxAt('2021-05-26T09:00'));
  t.equal(verification.revision, 1n);
  await service.attachEvidence({ description: '执法记录仪视频', sha256: 'a'.repeat(64) }, caseId, ctxAt('2021-05-28T09:00'));
  await service.recordIntervention({ officerId: 'O-ZHANG', kind: 'reminder_talk', heldOn: '2021-05-28' }, caseId, ctxAt('2021-05-28T15:00'));
  await service.recordFinding({ outcome: 'substantiated', severity: 'serious', summary: '经核实，反映问题属实' }, caseId, ctxAt('2021-06-01T09:00'));

  const sanction = await service.imposeSanction({
    officerId: 'O-ZHANG', kind: 'dismissal', effectiveOn: '2021-06-02', basis: '收受管理服务对象财物，情节严重',
  }, caseId, ctxAt('2021-06-02T09:00'));
  t.not(sanction.id, caseId, 'the sanction has its own id');
  t.match(await officer(store, 'O-ZHANG'), { inService: false, post: null, separation: { kind: 'dismissal', sanctionId: sanction.id } },
    'the dismissal took effect on the officer right away');

  const review = await service.fileAppeal({ sanctionId: sanction.id, stage: 'review', filedOn: '2021-06-05' }, caseId, ctxAt('2021-06-05T09:00'));
  t.match(await officer(store, 'O-ZHANG'), { inService: false }, 'the sanction stays in force during the review');
  await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-20', replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' },
    caseId, review.id, ctxAt('2021-06-20T09:00'));
  t.match(await officer(store, 'O-ZHANG'), { inService: true, post: { post: { postId: 'P-ARCHIVE' } }, sanctions: { [sanction.id]: { kind: 'reassignment' } } },
    'reduced on review: reinstated and moved off enforcement');

  const appeal = await service.fileAppeal({ sanctionId: sanction.id, stage: 'appeal', filedOn: '2021-06-28' }, caseId, ctxAt('2021-06-28T09:00'));
  await rejectsWithRule(t, service.fileAppeal({ sanctionId: sanction.id, stage: 'appeal', filedOn: '2021-06-29' }, caseId, ctxAt('2021-06-29T09:00')),
    'appeal_already_open', 'one open appeal per sanction');
  await service.decideAppeal({ outcome: 'annulled', decidedOn: '2021-07-10' }, caseId, appeal.id, ctxAt('2021-07-10T09:00'));
  await service.closeCase({ summary: '申诉后撤销处理' }, caseId, ctxAt('2021-07-12T09:00'));

  t.same(await types(store, `case-${caseId}`), [
    'CaseReported', 'VerificationAssigned', 'EvidenceAttached', 'InterventionHeld', 'FindingRecorded',
    'AccountabilityFlagged', 'AccountabilityFlagged', 'SanctionImposed', 'AppealFiled', 'AppealDecided', 'AppealFiled',
    'AppealDecided', 'CaseClosed',
  ]);
  const file = await caseFile(store, caseId);
  t.match(file, { status: 'closed', late: false, sanctions: { [sanction.id]: { imposedKind: 'dismissal', status: 'annulled' } } });
  t.match(file.accountability, [{ level: 'officer', officerId: 'O-ZHANG' }, { level: 'unit_head', headOfficerId: 'O-HEAD' }],
    'the unit head is looked up from the unit');
  const zhang = await store.readStream('officer-O-ZHANG');
  t.same(zhang.slice(-3).map((e) => e.type), ['SanctionTookEffect', 'SanctionRevised', 'SanctionRevised']);
  t.match(await officer(store, 'O-ZHANG'), { inService: true, sanctions: { [sanction.id]: { status: 'annulled' } } });

  const [reported] = await store.readStream(`case-${caseId}`);
  t.match(reported!.metadata, { actor: 'inspector-li', $correlationId: /^req-/, schemaVersion: 1, recordedAt: '2021-05-25T09:00:00.000+08:00' });
  t.match(reported!.data, { reporter: { name: '王先生', anonymous: false, salt: /^[0-9a-f]{32}$/ } });
  const effect = zhang.at(-3)!;
  const imposed = (await store.readStream(`case-${caseId}`)).find((e) => e.type === 'SanctionImposed')!;
  t.equal(effect.metadata.$causationId, imposed.id, 'the effect names the case event that caused it');
  t.equal(effect.metadata.$correlationId, imposed.metadata.$correlationId, 'and shares its request');
});

t.test('reassignment and dismissal: effects on the officer', async (t) => {
  const { store, service } = await openBureau(t);
  const { id: caseId } = await service.reportCase({
    officerIds: ['O-ZHANG', 'O-LI'], category: 'competence', channel: 'inspection', occurredOn: '2021-05-10', summary: '随意拦车、扣车',
  }, ctxAt('2021-05-12T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li', dueOn: '2021-05-20' }, caseId, ctxAt('2021-05-12T10:00'));
  await service.recordFinding({ outcome: 'substantiated', severity: 'serious', summary: '属实', officerIds: ['O-ZHANG', 'O-LI'] }, caseId, ctxAt('2021-05-25T09:00'));
  t.equal((await caseFile(store, caseId)).late, true, 'found after the due date: marked late');

  await service.imposeSanction({ officerId: 'O-LI', kind: 'reassignment', effectiveOn: '2021-05-26', basis: '调离执法岗位', toPostId: 'P-ARCHIVE' },
    caseId, ctxAt('2021-05-26T09:00'));
  const li = await officer(store, 'O-LI');
  t.match(li, { post: { post: { postId: 'P-ARCHIVE', enforcement: false }, since: '2021-05-26' }, unitId: 'U-OFFICE', rotation: null },
    'moved to the office post; the sensitive post\'s clock ended');

  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'expulsion', effectiveOn: '2021-05-26', basis: '开除公职' }, caseId, ctxAt('2021-05-26T09:00'));
  const hr = ctxAt('2021-06-01T09:00', hrActor);
  await rejectsWithRule(t, service.assignOfficer({ postId: 'P-ARCHIVE', effectiveOn: '2021-06-01', reason: 'transfer' }, 'O-ZHANG', hr),
    'officer_separated', 'no assignment after expulsion');
  await rejectsWithRule(t, service.grantQualification({ certificateNo: 'HN-NEW', grantedOn: '2021-06-01' }, 'O-ZHANG', hr),
    'officer_separated', 'no qualification after expulsion');
  await t.rejects(service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', effectiveOn: '2021-05-26', basis: '负有领导责任', capacity: 'unit_head' },
    caseId, ctxAt('2021-05-26T10:00', { sub: 'head', roles: ['inspector'], officerId: 'O-HEAD' })),
  { name: 'ActorNotPermittedError', rule: 'actor_is_subject' }, 'the unit head cannot sanction themselves');
  const head = await service.imposeSanction({ officerId: 'O-HEAD', kind: 'criticism_education', effectiveOn: '2021-05-26', basis: '负有领导责任', capacity: 'unit_head' },
    caseId, ctxAt('2021-05-26T10:00'));
  t.match(await officer(store, 'O-HEAD'), { sanctions: { [head.id]: { kind: 'criticism_education', capacity: 'unit_head' } } },
    'the unit head, not a subject, answers for the case');
});

t.test('a dismissal reduced on review to a reassignment, as API.md\'s decision body gives it (no post named)', async (t) => {
  const { store, service } = await openBureau(t);
  const caseId = await foundCase(service, ['O-LI'], { category: 'integrity', channel: 'inspection', summary: '私自截留罚没款' },
    { outcome: 'substantiated', severity: 'serious', summary: '属实' });
  const dismissal = await service.imposeSanction({ officerId: 'O-LI', kind: 'dismissal', effectiveOn: '2021-05-21', basis: '辞退' }, caseId, ctxAt('2021-05-21T09:00'));
  const review = await service.fileAppeal({ sanctionId: dismissal.id, stage: 'review', filedOn: '2021-05-25' }, caseId, ctxAt('2021-05-25T09:00'));
  await service.decideAppeal({ outcome: 'reduced', decidedOn: '2021-06-01', replacementKind: 'reassignment' }, caseId, review.id, ctxAt('2021-06-01T09:00'));
  const li = await officer(store, 'O-LI');
  t.match(li, { inService: true, post: null, rotation: null, sanctions: { [dismissal.id]: { kind: 'reassignment', status: 'in_force' } } },
    'back in service, on no post: HR assigns the next one');
  await rejectsWithRule(t, service.assignOfficer({ postId: 'P-FINES', effectiveOn: '2021-06-02', reason: 'transfer' }, 'O-LI', ctxAt('2021-06-02T09:00', hrActor)),
    'sanction_bars_enforcement_post', 'not an enforcement post');
  await service.assignOfficer({ postId: 'P-ARCHIVE', effectiveOn: '2021-06-02', reason: 'transfer' }, 'O-LI', ctxAt('2021-06-02T09:00', hrActor));
  t.match((await officer(store, 'O-LI')).post, { post: { postId: 'P-ARCHIVE' } }, 'a post off enforcement');
});

t.test('rotation: due date, deferral, and moving off the post', async (t) => {
  const { store, service } = await openBureau(t);
  t.match((await officer(store, 'O-LI')).rotation, { postId: 'P-FINES', since: '2017-03-01', dueOn: '2022-03-01' });
  const hr = (local: string) => ctxAt(local, hrActor);
  await rejectsWithRule(t, service.deferRotation({ until: '2022-02-01', reason: '岗位急需', approvedBy: '局长' }, 'O-LI', hr('2021-06-01T09:00')),
    'deferral_not_later', 'a deferral must move the date later');
  await service.deferRotation({ until: '2022-09-01', reason: '专项整治期间岗位急需', approvedBy: '局长' }, 'O-LI', hr('2021-06-01T09:00'));
  t.match((await officer(store, 'O-LI')).rotation, { dueOn: '2022-09-01', since: '2017-03-01' });
  await rejectsWithRule(t, service.deferRotation({ until: '2022-09-01', reason: 'x', approvedBy: '局长' }, 'O-ZHANG', hr('2021-06-01T09:00')),
    'no_rotation_clock', 'the patrol post is not sensitive');
  await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-02', reason: 'rotation' }, 'O-LI', hr('2021-06-02T09:00'));
  t.equal((await officer(store, 'O-LI')).rotation, null, 'rotated off: the clock ends');
  await service.recordWarningEducation({ attendedOn: '2021-06-08', topic: '警示教育大会' }, 'O-LI', hr('2021-06-08T17:00'));
  t.equal((await officer(store, 'O-LI')).warningEducation.length, 1);
});

t.test('loss of qualification and a new one', async (t) => {
  const { store, service } = await openBureau(t);
  const caseId = await foundCase(service, ['O-ZHANG'], { category: 'conduct', channel: 'online', summary: '执法语言不文明' },
    { outcome: 'partly_substantiated', severity: 'minor', summary: '部分属实' });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'qualification_revoked', effectiveOn: '2021-05-21', basis: '取消执法资格' }, caseId, ctxAt('2021-05-21T09:00'));
  t.match(await officer(store, 'O-ZHANG'), { qualification: null, post: null });
  const hr = (local: string) => ctxAt(local, hrActor);
  await rejectsWithRule(t, service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-01', reason: 'appointment' }, 'O-ZHANG', hr('2021-06-01T09:00')),
    'qualification_required', 'barred from enforcement posts');
  await service.assignOfficer({ postId: 'P-ARCHIVE', effectiveOn: '2021-06-01', reason: 'transfer' }, 'O-ZHANG', hr('2021-06-01T09:00'));
  await rejectsWithRule(t, service.grantQualification({ certificateNo: 'HN-2021-0100', grantedOn: '2021-09-01' }, 'O-ZHANG', hr('2021-09-01T09:00')),
    'sanction_bars_qualification', 'no new qualification within the bar period (12 months)');
  await service.grantQualification({ certificateNo: 'HN-2022-0100', grantedOn: '2022-05-21' }, 'O-ZHANG', hr('2022-05-21T09:00'));
  await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2022-05-23', reason: 'appointment' }, 'O-ZHANG', hr('2022-05-23T09:00'));
  t.match(await officer(store, 'O-ZHANG'), { qualification: { certificateNo: 'HN-2022-0100' }, post: { post: { postId: 'P-PATROL' } } });
  t.match((await officer(store, 'O-ZHANG')).postHistory.map((p) => [p.postId, p.from, p.to]), [
    ['P-PATROL', '2016-01-04', '2021-05-21'], ['P-ARCHIVE', '2021-06-01', '2022-05-23'], ['P-PATROL', '2022-05-23', null],
  ]);
});

async function sanctioned(service: Awaited<ReturnType<typeof openBureau>>['service'], kind: 'reassignment' | 'qualification_revoked') {
  const { id: caseId } = await service.reportCase({
    officerIds: ['O-ZHANG'], category: 'competence', channel: 'inspection', occurredOn: '2021-05-20', summary: '随意拦车、扣车',
  }, ctxAt('2021-05-25T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li' }, caseId, ctxAt('2021-05-26T09:00'));
  await service.recordFinding({ outcome: 'substantiated', severity: 'minor', summary: '属实' }, caseId, ctxAt('2021-06-01T09:00'));
  const sanction = await service.imposeSanction({
    officerId: 'O-ZHANG', kind, effectiveOn: '2021-06-02', basis: kind === 'reassignment' ? '调离执法岗位' : '取消执法资格',
    ...(kind === 'reassignment' ? { toPostId: 'P-ARCHIVE' } : {}),
  }, caseId, ctxAt('2021-06-02T09:00'));
  return { caseId, sanctionId: sanction.id };
}

t.test('HR cannot undo a sanction: no way back to enforcement within the bar period, unless an appeal lifts it', async (t) => {
  const hr = (local: string) => ctxAt(local, hrActor);
  await t.test('after a reassignment', async (t) => {
    const { store, service } = await openBureau(t);
    await sanctioned(service, 'reassignment');
    await rejectsWithRule(t, service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-02', reason: 'transfer' }, 'O-ZHANG', hr('2021-06-02T10:00')),
      'sanction_bars_enforcement_post', 'not straight back to the enforcement post');
    const before = (await store.readStream('officer-O-ZHANG')).length;
    t.match(await officer(store, 'O-ZHANG'), { post: { post: { postId: 'P-ARCHIVE' } } }, 'still where the sanction moved him');
    t.equal((await store.readStream('officer-O-ZHANG')).length, before, 'the refusal wrote nothing');
    await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2022-06-02', reason: 'transfer' }, 'O-ZHANG', hr('2022-06-02T10:00'));
    t.match(await officer(store, 'O-ZHANG'), { post: { post: { postId: 'P-PATROL' } } }, 'after the bar period');
  });
  await t.test('after a loss of qualification', async (t) => {
    const { store, service } = await openBureau(t);
    await sanctioned(service, 'qualification_revoked');
    await rejectsWithRule(t, service.grantQualification({ certificateNo: 'HN-NEW', grantedOn: '2021-06-02' }, 'O-ZHANG', hr('2021-06-02T10:00')),
      'sanction_bars_qualification', 'no new qualification the same day');
    await rejectsWithRule(t, service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-02', reason: 'appointment' }, 'O-ZHANG', hr('2021-06-02T10:05')),
      'qualification_required', 'so no enforcement post');
    t.match(await officer(store, 'O-ZHANG'), { qualification: null, post: null });
  });
  await t.test('an annulment on appeal lifts the bar', async (t) => {
    const { store, service } = await openBureau(t);
    const { caseId, sanctionId } = await sanctioned(service, 'reassignment');
    const { id: appealId } = await service.fileAppeal({ sanctionId, stage: 'review', filedOn: '2021-06-05' }, caseId, ctxAt('2021-06-05T09:00'));
    await service.decideAppeal({ outcome: 'annulled', decidedOn: '2021-06-20' }, caseId, appealId, ctxAt('2021-06-20T09:00'));
    await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-21', reason: 'transfer' }, 'O-ZHANG', hr('2021-06-21T09:00'));
    t.match(await officer(store, 'O-ZHANG'), { post: { post: { postId: 'P-PATROL' } } });
  });
  await t.test('the bar period is the service\'s setting (SANCTION_BAR_MONTHS)', async (t) => {
    const { store, service } = await openSeededService(t, { sanctionBarMonths: 3 });
    await sanctioned(service, 'qualification_revoked');
    await rejectsWithRule(t, service.grantQualification({ certificateNo: 'HN-NEW', grantedOn: '2021-09-01' }, 'O-ZHANG', hr('2021-09-01T09:00')),
      'sanction_bars_qualification', 'within 3 months');
    await service.grantQualification({ certificateNo: 'HN-NEW', grantedOn: '2021-09-02' }, 'O-ZHANG', hr('2021-09-02T09:00'));
    t.match(await officer(store, 'O-ZHANG'), { qualification: { certificateNo: 'HN-NEW' } }, 'after 3 months');
  });
});

t.test('rotation: moving away and back does not restart the clock of a sensitive post', async (t) => {
  const { store, service } = await openBureau(t);
  const hr = (local: string) => ctxAt(local, hrActor);
  await service.assignOfficer({ postId: 'P-ARCHIVE', effectiveOn: '2021-06-01', reason: 'rotation' }, 'O-LI', hr('2021-06-01T09:00'));
  await service.assignOfficer({ postId: 'P-FINES', effectiveOn: '2021-06-01', reason: 'rotation' }, 'O-LI', hr('2021-06-01T09:05'));
  const li = await officer(store, 'O-LI');
  t.match(li.rotation, { postId: 'P-FINES', since: '2017-03-01', dueOn: '2022-03-01' }, 'the tenure from 2017 continues');
  t.match(li.post, { since: '2021-06-01' });
  const [assigned] = (await store.readStream('officer-O-LI')).slice(-1);
  t.match(assigned, { type: 'OfficerAssigned', data: { tenureSince: '2017-03-01' } }, 'the event says which tenure it continues');
});

t.test('off-post training completes', async (t) => {
  const { store, service } = await openBureau(t);
  const caseId = await foundCase(service, ['O-ZHANG'], { category: 'responsibility', channel: 'petition', summary: '超时限办理案件' },
    { outcome: 'substantiated', severity: 'minor', summary: '属实' });
  const training = await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'off_post_training', effectiveOn: '2021-05-21', untilOn: '2021-06-20', basis: '离岗培训' },
    caseId, ctxAt('2021-05-21T09:00'));
  await service.completeOffPostTraining({ sanctionId: training.id, completedOn: '2021-06-20' }, 'O-ZHANG', ctxAt('2021-06-21T09:00', hrActor));
  t.match(await officer(store, 'O-ZHANG'), { sanctions: { [training.id]: { status: 'completed', untilOn: '2021-06-20' } } });
});
