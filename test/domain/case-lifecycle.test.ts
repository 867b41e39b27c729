import t from 'tap';
import { ReportCaseInput } from '../../src/domain/case/commands.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { at, inspector } from '../fixtures/domain-context.js';
import {
  CASE_ID, accountabilityFlags, appealDecided, appealFiled, caseClosed, caseReported, findingRecorded, sanctionImposed, verificationAssigned,
} from '../fixtures/domain-events.js';
import { fold, givenEventId, specification } from '../fixtures/specification.js';

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
const subjectActor = { sub: 'zhang', roles: ['inspector' as const], officerId: 'O-ZHANG' };
const reported = [caseReported()];
const verifying = [caseReported(), verificationAssigned()];
const found = [...verifying, findingRecorded(), ...accountabilityFlags()];
const closed = [...found, caseClosed()];

const facts = (officerId: string, unitId = 'U-BRIGADE'): OfficerFacts =>
  ({ officerId, unitId, units: [{ from: '2015-07-01', unitId }], hiredOn: '2015-07-01', inService: true, qualified: true, qualifiedOn: '2015-08-01', postId: null, postSince: null, separatedOn: null, separatedBy: null, trainingSince: null });

t.test('reporting a case', async (t) => {
  const input = ReportCaseInput.parse({
    officerIds: ['O-ZHANG', 'O-LI'], category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-06-10',
    summary: '违规收费', ruleRefs: ['lyj-5'], reporter: { contact: '138****0000' },
  });
  const report = (officers: Record<string, OfficerFacts | null>, overrides: Partial<typeof input> = {}) =>
    ({ type: 'ReportCase' as const, caseId: CASE_ID, input: { ...input, ...overrides }, officers, reporterSalt: 'salt-1' });
  const known = { 'O-ZHANG': facts('O-ZHANG'), 'O-LI': facts('O-LI', 'U-STATION') };

  given([]).when(report(known)).then(t, [{
    type: 'CaseReported',
    data: {
      caseId: CASE_ID,
      subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-STATION' }],
      category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-06-10', summary: '违规收费', ruleRefs: ['lyj-5'],
      reporter: { name: null, contact: '138****0000', anonymous: true, salt: 'salt-1' },
      reportedOn: '2021-06-15',
    },
  }], 'subjects carry their unit; no name means anonymous; reported today in the bureau zone');
  given([]).when(report(known, { reporter: { name: '王先生', contact: null } }))
    .thenMatches(t, [{ data: { reporter: { name: '王先生', anonymous: false } } }]);
  given([]).when(report(known, { reporter: undefined, ruleRefs: undefined })).thenMatches(t, [{ data: { reporter: null, ruleRefs: [] } }]);
  given([]).when(report({ 'O-ZHANG': facts('O-ZHANG'), 'O-LI': null })).thenRefuses(t, 'unknown_officer');
  given([]).when(report(known, { occurredOn: '2021-06-16' })).thenRefuses(t, 'date_in_future');
  given([]).when(report(known, { occurredOn: '2015-06-30' })).thenRefuses(t, 'date_out_of_order', 'nobody breaches before they are hired');
  given([]).when(report({ constructor: null, toString: null }, { officerIds: ['constructor', 'toString'] }))
    .thenRefuses(t, 'unknown_officer', 'an id every object inherits is no registered officer');
  given([]).when(report(known), { actor: subjectActor }).thenForbidden(t, 'actor_is_subject', 'nobody reports a case against themselves');
  given([]).when(report(known), { actor: { ...inspector, officerId: 'O-OTHER' } }).thenMatches(t, [{ type: 'CaseReported' }], 'other officers may');
  const dismissedLi = { ...known, 'O-LI': { ...facts('O-LI', 'U-STATION'), inService: false, separatedOn: '2021-06-02' } };
  const movedZhang = { ...facts('O-ZHANG'), unitId: 'U-OFFICE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }, { from: '2021-06-12', unitId: 'U-OFFICE' }] };
  given([]).when(report({ ...known, 'O-ZHANG': movedZhang })).thenMatches(t, [{ data: { subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI' }] } }],
    'a subject who moved to another unit after the breach (10 June, moved 12 June) is recorded in the unit of the breach, whose head answers for it');
  given([]).when(report({ ...known, 'O-ZHANG': movedZhang }, { occurredOn: '2021-06-12' })).thenMatches(t, [{ data: { subjects: [{ unitId: 'U-OFFICE' }, {}] } }],
    'a breach on the day of the move is of the new unit');
  given([]).when(report(dismissedLi)).thenRefuses(t, 'breach_after_separation', 'no breach dated after a subject left service (10 June, dismissed 2 June)');
  given([]).when(report(dismissedLi, { occurredOn: '2021-06-02' })).thenMatches(t, [{ type: 'CaseReported' }], 'the day it took effect still counts');
  given([]).when(report(dismissedLi, { occurredOn: '2021-05-30' })).thenMatches(t, [{ type: 'CaseReported' }], 'a breach before leaving is reported as ever');
});

t.test('every write to a case checks: exists (404), actor not a subject (403), open (409)', async (t) => {
  const writes = [
    { type: 'AssignVerification' as const, caseId: CASE_ID, input: { inspectorId: 'inspector-li' }, inspector: null, unitHeads: {} },
    { type: 'AttachEvidence' as const, caseId: CASE_ID, evidenceId: 'E-1', input: { description: '执法记录仪视频' }, unitHeads: {} },
    { type: 'RecordIntervention' as const, caseId: CASE_ID, input: { officerId: 'O-ZHANG', kind: 'reminder_talk' as const, heldOn: '2021-06-01' }, officer: null, unitHeads: {} },
    { type: 'RecordFinding' as const, caseId: CASE_ID, input: { outcome: 'unfounded' as const, summary: '不属实' }, unitHeads: {} },
    {
      type: 'ImposeSanction' as const, caseId: CASE_ID, sanctionId: 'S-2',
      input: { officerId: 'O-ZHANG', kind: 'criticism_education' as const, effectiveOn: '2021-06-14', basis: 'x', capacity: 'subject' as const },
      officer: facts('O-ZHANG'), toPost: null, unitHeads: {},
    },
    { type: 'CloseCase' as const, caseId: CASE_ID, input: { summary: '办结' }, unitHeads: {} },
  ];
  const flaggedHead = { ...inspector, officerId: 'O-HEAD' };
  const responsible = { ...inspector, officerId: 'O-DEPUTY' };
  const withResponsible = [...found, sanctionImposed({ sanctionId: 'S-R', officerId: 'O-DEPUTY', kind: 'criticism_education', capacity: 'responsible', untilOn: null })];
  for (const write of writes) {
    given([]).when(write).thenNotFound(t, 'case', `${write.type}: unknown case`);
    given(found).when(write, { actor: subjectActor }).thenForbidden(t, 'actor_is_subject', `${write.type}: a subject may not act`);
    given(found).when(write, { actor: flaggedHead }).thenForbidden(t, 'actor_is_subject', `${write.type}: nor the unit head it holds accountable`);
    given(withResponsible).when(write, { actor: responsible }).thenForbidden(t, 'actor_is_subject', `${write.type}: nor an officer it sanctions as responsible`);
    given(closed).when(write).thenRefuses(t, 'case_closed', `${write.type}: the case is closed`);
  }
  // The head of a subject's unit on the day of the breach (looked up: unitHeads) is held accountable
  // by its finding: from the report on, before any finding flags them, they write nothing to it.
  const headOfTheDay = { 'U-BRIGADE': 'O-HEAD' };
  const everyWrite = [
    ...writes.map((write) => ({ ...write, unitHeads: headOfTheDay })),
    { type: 'FileAppeal' as const, caseId: CASE_ID, appealId: 'A-9', input: { sanctionId: 'S-1', stage: 'review' as const, filedOn: '2021-06-15' }, unitHeads: headOfTheDay },
    { type: 'DecideAppeal' as const, caseId: CASE_ID, appealId: 'A-1', input: { outcome: 'upheld' as const, decidedOn: '2021-06-15' }, toPost: null, officer: null, unitHeads: headOfTheDay },
    {
      type: 'CorrectCase' as const, caseId: CASE_ID, input: { correctsEventId: givenEventId(1), reason: '类别有误', changes: { category: 'competence' as const } },
      subjects: {}, units: {}, unitHeads: headOfTheDay, headsOnDayCorrected: {},
    },
  ];
  for (const write of everyWrite) {
    given(verifying).when(write, { actor: flaggedHead }).thenForbidden(t, 'actor_is_subject', `${write.type}: nor the head of a subject's unit on the day of the breach, before the finding`);
  }
});

t.test('assigning the verification', async (t) => {
  const assign = (dueOn?: string, inspectorId = 'inspector-li', inspectorFacts: OfficerFacts | null = null) =>
    ({ type: 'AssignVerification' as const, caseId: CASE_ID, input: { inspectorId, ...(dueOn ? { dueOn } : {}) }, inspector: inspectorFacts, unitHeads: { 'U-BRIGADE': 'O-HEAD' } });
  given(reported).when(assign())
    .then(t, [{ type: 'VerificationAssigned', data: { caseId: CASE_ID, inspectorId: 'inspector-li', assignedOn: '2021-06-15', dueOn: '2021-07-15' } }],
      'due 30 days after assignment by default');
  given(reported).when(assign(), { verificationDays: 15 }).thenMatches(t, [{ data: { dueOn: '2021-06-30' } }], 'the period is configurable');
  given(reported).when(assign(), at('2021-06-15T23:30')).thenMatches(t, [{ data: { assignedOn: '2021-06-15', dueOn: '2021-07-15' } }],
    'in the bureau calendar (late evening, Shanghai)');
  given(reported).when(assign('2021-06-20')).thenMatches(t, [{ data: { dueOn: '2021-06-20' } }], 'or the due date given');
  given(reported).when(assign('2021-06-14')).thenRefuses(t, 'date_out_of_order', 'not due before it is assigned');
  given(verifying).when(assign(undefined, 'inspector-zhou')).thenMatches(t, [{ data: { inspectorId: 'inspector-zhou', dueOn: '2021-06-25' } }],
    'a handover keeps the deadline');
  given(reported).when(assign(undefined, 'O-ZHANG')).thenRefuses(t, 'inspector_is_subject');
  given([...verifying, ...accountabilityFlags()]).when({ ...assign(undefined, 'O-HEAD'), unitHeads: {} })
    .thenRefuses(t, 'inspector_is_subject', 'nor the unit head the case holds accountable');
  given(reported).when(assign(undefined, 'O-HEAD')).thenRefuses(t, 'inspector_is_subject',
    'nor, before any finding, the head of a subject\'s unit on the day of the breach: the finding would hold them accountable');
  given(reported).when(assign('2022-06-15')).thenMatches(t, [{ data: { dueOn: '2022-06-15' } }], 'due within a year of the assignment');
  given(reported).when(assign('2022-06-16')).thenRefuses(t, 'verification_due_too_far', 'not later');
  given(reported).when(assign('2099-12-31')).thenRefuses(t, 'verification_due_too_far', 'a due date that never comes hides nothing');
  const separated = { ...facts('O-WANG'), inService: false, separatedOn: '2021-06-02' };
  given(reported).when(assign(undefined, 'O-WANG', separated)).thenRefuses(t, 'inspector_separated', 'an officer who has left service verifies nothing');
  given(reported).when(assign(undefined, 'O-WANG', facts('O-WANG'))).thenMatches(t, [{ data: { inspectorId: 'O-WANG' } }], 'an officer in service may');
  given(found).when(assign()).thenRefuses(t, 'verification_complete');
  given(reported).when(assign(undefined, 'inspector-zhou'), { actor: { ...inspector, officerId: 'O-HEAD' } })
    .thenForbidden(t, 'actor_is_subject', 'the head of a subject\'s unit on the day of the breach does not pick who verifies it either');
  given(reported).when(assign(undefined, 'inspector-zhou'), { actor: { ...inspector, officerId: 'O-OTHER' } })
    .thenMatches(t, [{ data: { inspectorId: 'inspector-zhou' } }], 'another officer may');
});

t.test('attaching evidence', async (t) => {
  const sha = 'AB'.repeat(32);
  given(reported).when({ type: 'AttachEvidence', caseId: CASE_ID, evidenceId: 'E-1', input: { description: '执法记录仪视频', reference: '档案 2021-17', sha256: sha }, unitHeads: {} })
    .then(t, [{ type: 'EvidenceAttached', data: { caseId: CASE_ID, evidenceId: 'E-1', description: '执法记录仪视频', reference: '档案 2021-17', sha256: 'ab'.repeat(32) } }]);
  given(reported).when({ type: 'AttachEvidence', caseId: CASE_ID, evidenceId: 'E-2', input: { description: '询问笔录' }, unitHeads: {} })
    .thenMatches(t, [{ data: { reference: null, sha256: null } }]);
});

t.test('early interventions', async (t) => {
  const talk = (officerId = 'O-ZHANG', heldOn = '2021-06-01', officer: OfficerFacts | null = facts(officerId)) =>
    ({ type: 'RecordIntervention' as const, caseId: CASE_ID, input: { officerId, kind: 'written_inquiry' as const, heldOn }, officer, unitHeads: {} });
  given(reported).when(talk()).then(t, [{ type: 'InterventionHeld', data: { caseId: CASE_ID, officerId: 'O-ZHANG', kind: 'written_inquiry', heldOn: '2021-06-01' } }]);
  given(reported).when(talk('O-OTHER')).thenRefuses(t, 'not_a_subject');
  given(reported).when(talk('O-ZHANG', '2021-06-16')).thenRefuses(t, 'date_in_future');
  given(reported).when(talk('O-ZHANG', '2021-05-19')).thenRefuses(t, 'date_out_of_order', 'not before it occurred');
  const dismissedZhang = { ...facts('O-ZHANG'), inService: false, separatedOn: '2021-05-31' };
  given(reported).when(talk('O-ZHANG', '2021-06-01', dismissedZhang))
    .thenRefuses(t, 'officer_separated', 'no reminder talk or written inquiry with an officer after they left service');
  given(reported).when(talk('O-ZHANG', '2021-05-31', dismissedZhang)).thenMatches(t, [{ type: 'InterventionHeld' }], 'the day it took effect still counts');
});

t.test('closing a case', async (t) => {
  const close = { type: 'CloseCase' as const, caseId: CASE_ID, input: { summary: '已给予离岗培训处理' }, unitHeads: {} };
  given(found).when(close).then(t, [{ type: 'CaseClosed', data: { caseId: CASE_ID, summary: '已给予离岗培训处理', closedOn: '2021-06-15' } }]);
  given(verifying).when(close).thenRefuses(t, 'findings_incomplete');
  const two = [caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned(), findingRecorded()];
  given(two).when(close).thenRefuses(t, 'findings_incomplete', 'every subject needs a finding');
  given([...two, findingRecorded({ officerIds: ['O-LI'], outcome: 'unfounded', severity: null })]).when(close).thenMatches(t, [{ type: 'CaseClosed' }]);
  // Early signs (苗头性、倾向性问题) are met with a reminder talk or written inquiry instead of a finding.
  const talkWith = (officerId: string) => ({ type: 'InterventionHeld' as const, data: { caseId: CASE_ID, officerId, kind: 'reminder_talk' as const, heldOn: '2021-06-01' } });
  given([...verifying, talkWith('O-ZHANG')]).when(close).thenMatches(t, [{ type: 'CaseClosed' }], 'a subject met with a reminder talk needs no finding');
  given([...reported, talkWith('O-ZHANG')]).when(close).thenMatches(t, [{ type: 'CaseClosed' }], 'nor a verification: early signs were met, not verified');
  given([...two, talkWith('O-ZHANG')]).when(close).thenRefuses(t, 'findings_incomplete', 'a talk with one subject settles nothing for another');
  given([caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned(), talkWith('O-LI'), findingRecorded({ officerIds: ['O-ZHANG'] })])
    .when(close).thenMatches(t, [{ type: 'CaseClosed' }], 'one subject found, the other met early');
  const talkedThenCriminal = [...verifying, talkWith('O-ZHANG'), findingRecorded({ severity: 'criminal' }), ...accountabilityFlags()];
  given(talkedThenCriminal).when(close).thenRefuses(t, 'judicial_referral_required', 'a talk does not stand for the referral a crime found needs');
  const state = given(found).when(close).stateAfter() as CaseFile;
  t.match(state, { status: 'closed', closure: { closedOn: '2021-06-15' } });
});

t.test('a case with a suspected crime is closed only once the subject is referred to the judicial authorities', async (t) => {
  const close = { type: 'CloseCase' as const, caseId: CASE_ID, input: { summary: '已移送司法机关' }, unitHeads: {} };
  const criminal = [...verifying, findingRecorded({ severity: 'criminal' }), ...accountabilityFlags()];
  given(criminal).when(close).thenRefuses(t, 'judicial_referral_required', 'found criminal, not referred');
  given([...criminal, sanctionImposed({ kind: 'expulsion', untilOn: null })]).when(close)
    .thenRefuses(t, 'judicial_referral_required', 'an expulsion is no referral');
  const referred = [...criminal, sanctionImposed({ sanctionId: 'S-2', kind: 'judicial_referral', untilOn: null })];
  given(referred).when(close).thenMatches(t, [{ type: 'CaseClosed' }], 'referred');
  given([...referred, appealFiled({ sanctionId: 'S-2' }), appealDecided({ sanctionId: 'S-2', outcome: 'annulled' })]).when(close)
    .thenMatches(t, [{ type: 'CaseClosed' }], 'a referral annulled on review was still decided');
  const twoSubjects = [caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned()];
  const zhangReferred = [findingRecorded({ severity: 'criminal' }), sanctionImposed({ kind: 'judicial_referral', untilOn: null })];
  given([...twoSubjects, findingRecorded({ officerIds: ['O-LI'], severity: 'minor' }), ...zhangReferred]).when(close)
    .thenMatches(t, [{ type: 'CaseClosed' }], 'a subject found minor needs no referral');
  given([...twoSubjects, findingRecorded({ officerIds: ['O-LI'], severity: 'criminal' }), ...zhangReferred]).when(close)
    .thenRefuses(t, 'judicial_referral_required', 'each subject found criminal is referred');
});

t.test('corrections name the report, and the state honours them', async (t) => {
  const subjects = { 'O-ZHANG': facts('O-ZHANG') };
  const correct = (changes: Record<string, unknown>, correctsEventId = givenEventId(1)) =>
    ({ type: 'CorrectCase' as const, caseId: CASE_ID, input: { correctsEventId, reason: '误录问题类别', changes }, subjects, units: { 'U-STATION': true, 'U-BRIGADE': true }, unitHeads: {}, headsOnDayCorrected: {} });
  given(verifying).when(correct({ category: 'conduct', occurredOn: '2021-05-18' }))
    .then(t, [{ type: 'CaseRecordCorrected', data: { caseId: CASE_ID, correctsEventId: givenEventId(1), reason: '误录问题类别', changes: { category: 'conduct', occurredOn: '2021-05-18' } } }]);
  const corrected = given(verifying).when(correct({ category: 'conduct', summary: '更正后的摘要', ruleRefs: ['bbz-3'] })).stateAfter() as CaseFile;
  t.match(corrected, { category: 'conduct', summary: '更正后的摘要', ruleRefs: ['bbz-3'], channel: 'hotline_12328', corrections: [{ correctsEventId: givenEventId(1), reason: '误录问题类别' }] });
  given(verifying).when(correct({ category: 'conduct' }, givenEventId(2))).thenRefuses(t, 'correction_target_invalid');
  given(verifying).when(correct({ occurredOn: '2021-06-16' })).thenRefuses(t, 'date_in_future');
  given(verifying).when(correct({ occurredOn: '2021-05-26' })).thenRefuses(t, 'date_out_of_order', 'it cannot have happened after it was reported');
  given(verifying).when(correct({ occurredOn: '2015-06-30' })).thenRefuses(t, 'date_out_of_order', 'nor before a subject was hired');
  given(verifying).when(correct({ occurredOn: '2015-07-01' })).thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'the day of the hiring will do');
  const leftService = { 'O-ZHANG': { ...facts('O-ZHANG'), inService: false, separatedOn: '2021-05-10' } };
  given(verifying).when({ ...correct({ occurredOn: '2021-05-11' }), subjects: leftService })
    .thenRefuses(t, 'breach_after_separation', 'nor after a subject left service');
  given(verifying).when({ ...correct({ occurredOn: '2021-05-10' }), subjects: leftService })
    .thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'the day the dismissal took effect still counts');
  given(closed).when(correct({ summary: '更正' })).thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'a closed case stays correctable');
  // A written inquiry held on 21 May about a breach reported as of 20 May.
  const inquired = [...verifying, { type: 'InterventionHeld' as const, data: { caseId: CASE_ID, officerId: 'O-ZHANG', kind: 'written_inquiry' as const, heldOn: '2021-05-21' } }];
  given(inquired).when(correct({ occurredOn: '2021-05-22' }))
    .thenRefuses(t, 'date_out_of_order', 'nor after an intervention it led to (no intervention is held before the breach)');
  given(inquired).when(correct({ occurredOn: '2021-05-21' })).thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'the day of the intervention will do');
  given(verifying).when(correct({ summary: '更正' }), { actor: subjectActor }).thenForbidden(t, 'actor_is_subject');
  const asReported = fold(caseDecider, verifying) as CaseFile;
  given(verifying).when(correct({ category: asReported.category, channel: asReported.channel, occurredOn: asReported.occurredOn }))
    .thenRefuses(t, 'correction_changes_nothing', 'a correction giving the values recorded changes nothing: refused, not written');
  given(verifying).when(correct({ ruleRefs: [...asReported.ruleRefs].reverse(), summary: asReported.summary }))
    .thenRefuses(t, 'correction_changes_nothing', 'the same rule references in another order are the same');
  given(verifying).when(correct({ category: asReported.category, summary: '更正后的摘要' }))
    .thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'one value that differs is enough');
  given([]).when(correct({ summary: '更正' })).thenNotFound(t, 'case');
});

t.test('a subject recorded in the wrong unit is corrected until a finding names them', async (t) => {
  const correct = (subjectUnits: { officerId: string; unitId: string }[]) => ({
    type: 'CorrectCase' as const, caseId: CASE_ID, subjects: {}, units: { 'U-STATION': true, 'U-GONE': false }, unitHeads: {}, headsOnDayCorrected: {},
    input: { correctsEventId: givenEventId(1), reason: '被反映人登记单位有误', changes: { subjectUnits } },
  });
  const two = [caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned()];
  given(two).when(correct([{ officerId: 'O-LI', unitId: 'U-STATION' }]))
    .then(t, [{ type: 'CaseRecordCorrected', data: { caseId: CASE_ID, correctsEventId: givenEventId(1), reason: '被反映人登记单位有误', changes: { subjectUnits: [{ officerId: 'O-LI', unitId: 'U-STATION' }] } } }]);
  const state = given(two).when(correct([{ officerId: 'O-LI', unitId: 'U-STATION' }])).stateAfter() as CaseFile;
  t.same(state.subjects, [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-STATION' }], 'the case holds the subject in the corrected unit, the others as they were');
  given(two).when(correct([{ officerId: 'O-WANG', unitId: 'U-STATION' }])).thenRefuses(t, 'not_a_subject');
  given(two).when(correct([{ officerId: 'O-LI', unitId: 'U-BRIGADE' }])).thenRefuses(t, 'correction_changes_nothing', 'the unit already recorded');
  given(two).when(correct([{ officerId: 'O-LI', unitId: 'U-GONE' }])).thenRefuses(t, 'unknown_unit');
  given(two).when(correct([{ officerId: 'O-LI', unitId: 'U-NEVER-LOOKED-UP' }])).thenRefuses(t, 'unknown_unit', 'a unit nobody looked up is not taken for registered');
  const zhangFound = [...two, findingRecorded({ officerIds: ['O-ZHANG'] })];
  given(zhangFound).when(correct([{ officerId: 'O-ZHANG', unitId: 'U-STATION' }]))
    .thenRefuses(t, 'finding_already_recorded', 'the finding held the head of the unit recorded then to account');
  given(zhangFound).when(correct([{ officerId: 'O-LI', unitId: 'U-STATION' }]))
    .thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'a subject still awaiting a finding can be');
});

t.test('a corrected day of the breach moves the subjects whose unit followed the register; the heads of the units concerned do not make the move', async (t) => {
  // O-ZHANG worked in U-BRIGADE, then in U-STATION from 18 May; the breach, reported as of 20 May, is recorded in U-STATION.
  const zhang = { ...facts('O-ZHANG'), unitId: 'U-STATION', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }, { from: '2021-05-18', unitId: 'U-STATION' }] };
  const li = { ...facts('O-LI'), units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }, { from: '2021-05-18', unitId: 'U-STATION' }] };
  const reported = caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-STATION' }, { officerId: 'O-LI', unitId: 'U-OFFICE' }] });
  const correct = (changes: Record<string, unknown>, heads: { left?: Record<string, string | null>; joined?: Record<string, string | null> } = {}) => ({
    type: 'CorrectCase' as const, caseId: CASE_ID, subjects: { 'O-ZHANG': zhang, 'O-LI': li }, units: { 'U-STATION': true, 'U-BRIGADE': true },
    unitHeads: heads.left ?? {}, headsOnDayCorrected: heads.joined ?? {},
    input: { correctsEventId: givenEventId(1), reason: '发生日期有误', changes },
  });
  given([reported]).when(correct({ occurredOn: '2021-05-10' }))
    .then(t, [{ type: 'CaseRecordCorrected', data: { caseId: CASE_ID, correctsEventId: givenEventId(1), reason: '发生日期有误', changes: { occurredOn: '2021-05-10', subjectUnits: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }] } } }],
      'on 10 May O-ZHANG was in U-BRIGADE: the event moves them; O-LI, whose unit was corrected by hand (U-OFFICE), stays');
  given([reported]).when(correct({ occurredOn: '2021-05-19' }))
    .then(t, [{ type: 'CaseRecordCorrected', data: { caseId: CASE_ID, correctsEventId: givenEventId(1), reason: '发生日期有误', changes: { occurredOn: '2021-05-19' } } }], 'a day in the same unit moves nobody');
  given([reported]).when(correct({ occurredOn: '2021-05-10', subjectUnits: [{ officerId: 'O-ZHANG', unitId: 'U-STATION' }] }))
    .thenMatches(t, [{ data: { changes: { subjectUnits: [{ officerId: 'O-ZHANG', unitId: 'U-STATION' }] } } }], 'a unit the correction names wins over the register');
  const zhangFound = [reported, verificationAssigned(), findingRecorded()];
  given(zhangFound).when(correct({ occurredOn: '2021-05-10' }))
    .then(t, [{ type: 'CaseRecordCorrected', data: { caseId: CASE_ID, correctsEventId: givenEventId(1), reason: '发生日期有误', changes: { occurredOn: '2021-05-10' } } }], 'a subject a finding names keeps the unit found');

  const asHead = (officerId: string) => ({ actor: { ...inspector, officerId } });
  given([reported]).when(correct({ occurredOn: '2021-05-10' }, { left: { 'U-STATION': 'O-HEAD' } }), asHead('O-HEAD'))
    .thenForbidden(t, 'actor_is_subject', 'the head of the unit a subject leaves does not move them out of it');
  given([reported]).when(correct({ subjectUnits: [{ officerId: 'O-LI', unitId: 'U-BRIGADE' }] }, { joined: { 'U-BRIGADE': 'O-HEAD' } }), asHead('O-HEAD'))
    .thenForbidden(t, 'actor_is_subject', 'nor the head of the unit they join');
  given([reported]).when(correct({ summary: '更正' }, {}), asHead('O-HEAD')).thenMatches(t, [{ type: 'CaseRecordCorrected' }], 'a correction that moves nobody is no matter of theirs');
  given([reported, verificationAssigned('2021-05-26', '2021-06-25', 'O-HEAD')])
    .when(correct({ subjectUnits: [{ officerId: 'O-LI', unitId: 'U-BRIGADE' }] }, { joined: { 'U-BRIGADE': 'O-HEAD' } }))
    .thenRefuses(t, 'inspector_is_subject', 'nor into a unit headed by the inspector verifying the case');
});

t.test('the case state', async (t) => {
  const state = fold(caseDecider, [...found, sanctionImposed()]) as CaseFile;
  t.match(state, {
    status: 'open', reportEventId: givenEventId(1), verification: { inspectorId: 'inspector-li', dueOn: '2021-06-25' },
    findings: { 'O-ZHANG': { outcome: 'substantiated', severity: 'minor' } },
    accountability: [{ level: 'officer', ruleRef: 'bj-1' }, { level: 'unit_head', headOfficerId: 'O-HEAD', ruleRef: 'bj-2' }],
    sanctions: { 'S-1': { kind: 'off_post_training', imposedKind: 'off_post_training', status: 'in_force' } },
  });
  t.same(fold(caseDecider, [findingRecorded()]), { exists: false }, 'events before a report change nothing');
});
