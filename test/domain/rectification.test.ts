// The rectification ledger (整改台账) of the 2021 work plan: each unit lists the problems it found,
// the measure, the department and person responsible and the deadline; the inspectors follow the
// rectification up (跟踪问效) and check it (整改验收). Deadlines matter: an item done after its
// deadline is late, and a later deadline granted once the first had passed does not erase that.
import t from 'tap';
import { officerDecider, rectificationDecider } from '../../src/domain/deciders.js';
import type { EventData } from '../../src/domain/event-catalogue.js';
import {
  CompleteRectificationInput, ExtendRectificationDeadlineInput, NoteRectificationProgressInput, RecordRectificationInput,
  VerifyRectificationInput,
} from '../../src/domain/rectification/commands.js';
import type { RectificationCommand } from '../../src/domain/rectification/decide.js';
import type { RectificationEvent } from '../../src/domain/rectification/evolve.js';
import type { OfficerEvent } from '../../src/domain/officer/evolve.js';
import { officerFacts, type OfficerFacts } from '../../src/domain/officer/state.js';
import { at, inspector } from '../fixtures/domain-context.js';
import { CASE_ID, officerRegistered, sanctionTookEffect } from '../fixtures/domain-events.js';
import { fold, specification } from '../fixtures/specification.js';

const ID = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
// "Today" is 10 September 2021: the campaign's deadline for rectification (25 August) has passed.
const given = specification(rectificationDecider, () => at('2021-09-10T10:00'));

const facts = (events: OfficerEvent[] = [officerRegistered('O-WANG', 'U-BRIGADE', '2012-03-01', '王强')]): OfficerFacts =>
  officerFacts(fold(officerDecider, events))!;

const body = {
  unitId: 'U-BRIGADE', problem: '执法人员出勤不出力，路面巡查记录不全', source: 'self_inspection', measure: '建立巡查签到和记录抽查制度',
  responsibleDepartment: '路政中队', responsiblePerson: '王强', responsibleOfficerId: 'O-WANG', foundOn: '2021-06-20', dueOn: '2021-08-25',
};

const recordCommand = (input: Record<string, unknown> = {}, looked: Partial<Extract<RectificationCommand, { type: 'RecordRectification' }>> = {}): RectificationCommand => ({
  type: 'RecordRectification', rectificationId: ID, input: RecordRectificationInput.parse({ ...body, ...input }),
  unitExists: true, caseExists: true, responsibleOfficer: facts(), ...looked,
});
const progress = (input: Record<string, unknown> = {}): RectificationCommand =>
  ({ type: 'NoteRectificationProgress', rectificationId: ID, input: NoteRectificationProgressInput.parse({ notedOn: '2021-07-08', note: '已制定签到制度', ...input }) });
const extension = (input: Record<string, unknown> = {}): RectificationCommand => ({
  type: 'ExtendRectificationDeadline', rectificationId: ID,
  input: ExtendRectificationDeadlineInput.parse({ dueOn: '2021-09-30', reason: '需采购执法记录仪', approvedBy: '局整治领导小组', approvedOn: '2021-08-20', ...input }),
});
const completion = (input: Record<string, unknown> = {}): RectificationCommand =>
  ({ type: 'CompleteRectification', rectificationId: ID, input: CompleteRectificationInput.parse({ completedOn: '2021-08-24', summary: '制度已建立并执行', ...input }) });
const verification = (input: Record<string, unknown> = {}): RectificationCommand =>
  ({ type: 'VerifyRectification', rectificationId: ID, input: VerifyRectificationInput.parse({ verifiedOn: '2021-09-01', outcome: 'accepted', note: '抽查记录完整', ...input }) });

const recorded = (data: Partial<EventData<'RectificationRecorded'>> = {}): RectificationEvent => ({
  type: 'RectificationRecorded',
  data: {
    rectificationId: ID, unitId: 'U-BRIGADE', problem: body.problem, source: 'self_inspection', caseId: null, measure: body.measure,
    responsibleDepartment: '路政中队', responsiblePerson: '王强', responsibleOfficerId: 'O-WANG', foundOn: '2021-06-20', dueOn: '2021-08-25', ...data,
  },
});
const extended = (data: Partial<EventData<'RectificationDeadlineExtended'>> = {}): RectificationEvent => ({
  type: 'RectificationDeadlineExtended',
  data: { rectificationId: ID, previousDueOn: '2021-08-25', dueOn: '2021-09-30', reason: '需采购执法记录仪', approvedBy: '局整治领导小组', approvedOn: '2021-08-20', afterDeadline: false, ...data },
});
const completed = (data: Partial<EventData<'RectificationCompleted'>> = {}): RectificationEvent => ({
  type: 'RectificationCompleted', data: { rectificationId: ID, completedOn: '2021-08-24', summary: '制度已建立并执行', dueOn: '2021-08-25', late: false, ...data },
});
const verified = (data: Partial<EventData<'RectificationVerified'>> = {}): RectificationEvent => ({
  type: 'RectificationVerified', data: { rectificationId: ID, verifiedOn: '2021-09-01', outcome: 'accepted', note: '抽查记录完整', dueOn: null, ...data },
});
const progressNoted = (notedOn = '2021-07-08'): RectificationEvent =>
  ({ type: 'RectificationProgressNoted', data: { rectificationId: ID, notedOn, note: '已制定签到制度' } });

t.test('an item is recorded on a unit\'s ledger with its measure, who answers for it and by when', async (t) => {
  given([]).when(recordCommand()).then(t, [recorded()], 'the problem, the measure, department and person, found and due');
  given([]).when(recordCommand({ source: 'case', caseId: CASE_ID.toUpperCase(), responsibleOfficerId: undefined }, { responsibleOfficer: null }))
    .then(t, [recorded({ source: 'case', caseId: CASE_ID, responsibleOfficerId: null })], 'from a case of the register (its id as the register keeps it); a person by name only');
  given([]).when(recordCommand({ foundOn: '2021-09-10', dueOn: '2021-09-10' })).thenMatches(t, [{ data: { foundOn: '2021-09-10', dueOn: '2021-09-10' } }],
    'found today, due today');
  given([]).when(recordCommand({ foundOn: '2021-05-10', dueOn: '2021-05-31' })).thenMatches(t, [{ data: { dueOn: '2021-05-31' } }],
    'a backlog item is recorded with its own deadline, passed or not');
  t.throws(() => given([recorded()]).when(recordCommand()).events(), /already taken/, 'a new id names no item yet');
});

t.test('what an item names must exist: the unit, the case, the responsible officer (in service)', async (t) => {
  given([]).when(recordCommand({}, { unitExists: false })).thenRefuses(t, 'unknown_unit');
  given([]).when(recordCommand({ source: 'case', caseId: CASE_ID }, { caseExists: false })).thenRefuses(t, 'unknown_case');
  given([]).when(recordCommand({ source: 'inspection', caseId: CASE_ID }, { caseExists: false })).thenRefuses(t, 'unknown_case', 'whatever the source that names it');
  given([]).when(recordCommand({}, { responsibleOfficer: null })).thenRefuses(t, 'unknown_officer');
  const dismissed = facts([officerRegistered('O-WANG', 'U-BRIGADE', '2012-03-01', '王强'), sanctionTookEffect({ officerId: 'O-WANG', kind: 'dismissal', effectiveOn: '2021-05-01' })]);
  given([]).when(recordCommand({}, { responsibleOfficer: dismissed })).thenRefuses(t, 'responsible_officer_separated');
});

t.test('dates of a new item: found not in the future, due not before found', async (t) => {
  given([]).when(recordCommand({ foundOn: '2021-09-11', dueOn: '2021-10-01' })).thenRefuses(t, 'date_in_future');
  given([]).when(recordCommand({ foundOn: '2021-06-20', dueOn: '2021-06-19' })).thenRefuses(t, 'date_out_of_order');
  given([]).when(recordCommand({ dueOn: '2022-12-31' })).thenMatches(t, [{ data: { dueOn: '2022-12-31' } }], 'a deadline is naturally in the future');
});

t.test('the bodies: the source is one of the list, a case source names its case (400s from the schema)', async (t) => {
  const paths = (input: Record<string, unknown>) => RecordRectificationInput.safeParse({ ...body, ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  t.same(paths({ source: 'case' }), ['caseId: required when the source is case']);
  t.ok(paths({ source: 'rumour' })?.[0]?.startsWith('source'));
  t.ok(paths({ caseId: 'not-a-case' })?.[0]?.startsWith('caseId: must be a case id'));
  t.ok(paths({ foundOn: '2021-02-30' })?.[0]?.startsWith('foundOn'));
  t.ok(paths({ responsiblePerson: '  ' })?.[0]?.startsWith('responsiblePerson'), 'a responsible person is named');
  t.ok(paths({ unitId: 'U 1' })?.[0]?.startsWith('unitId'));
  t.ok(paths({ extra: 1 }), 'nothing beyond the fields');
  const check = (input: Record<string, unknown>) => VerifyRectificationInput.safeParse({ verifiedOn: '2021-09-01', note: '查看', ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  t.same(check({ outcome: 'rejected' }), ['dueOn: required when the outcome is rejected']);
  t.same(check({ outcome: 'accepted', dueOn: '2021-10-01' }), ['dueOn: only a rejected rectification is given a new deadline']);
  t.equal(check({ outcome: 'rejected', dueOn: '2021-10-01' }), undefined);
});

t.test('progress is noted on an open item, in the order of its days', async (t) => {
  given([recorded()]).when(progress()).then(t, [progressNoted()]);
  given([]).when(progress()).thenNotFound(t, 'rectification');
  given([recorded()]).when(progress({ notedOn: '2021-09-11' })).thenRefuses(t, 'date_in_future');
  given([recorded()]).when(progress({ notedOn: '2021-06-19' })).thenRefuses(t, 'date_out_of_order', 'not before the problem was found');
  given([recorded(), progressNoted('2021-07-18')]).when(progress({ notedOn: '2021-07-08' })).thenRefuses(t, 'date_out_of_order', 'not before earlier progress');
  given([recorded(), progressNoted('2021-07-18')]).when(progress({ notedOn: '2021-07-18' })).thenMatches(t, [{ type: 'RectificationProgressNoted' }], 'the same day will do');
  given([recorded(), completed()]).when(progress({ notedOn: '2021-08-28' })).thenRefuses(t, 'rectification_completed', 'nothing more on a done item');
  given([recorded(), completed(), verified()]).when(progress({ notedOn: '2021-09-02' })).thenRefuses(t, 'rectification_completed');
});

t.test('a deadline is extended, never brought forward, by someone other than the person responsible', async (t) => {
  given([recorded()]).when(extension()).then(t, [extended()], 'approved before the deadline: not late');
  given([recorded()]).when(extension({ dueOn: '2021-08-25' })).thenRefuses(t, 'extension_not_later', 'the same day is no extension');
  given([recorded()]).when(extension({ dueOn: '2021-08-01', approvedOn: '2021-07-20' })).thenRefuses(t, 'extension_not_later', 'never earlier');
  given([recorded()]).when(extension({ approvedBy: '王强' })).thenRefuses(t, 'extension_self_approved', 'by name');
  given([recorded()]).when(extension({ approvedBy: 'O-WANG' })).thenRefuses(t, 'extension_self_approved', 'by officer id');
  given([recorded()]).when(extension({ approvedOn: '2021-09-11', dueOn: '2021-10-30' })).thenRefuses(t, 'date_in_future');
  given([recorded()]).when(extension({ approvedOn: '2021-06-01' })).thenRefuses(t, 'date_out_of_order', 'not before the problem was found');
  given([recorded(), extended()]).when(extension({ approvedOn: '2021-08-19', dueOn: '2021-10-15' })).thenRefuses(t, 'date_out_of_order', 'not before the earlier extension');
  given([recorded()]).when(extension({ approvedOn: '2021-09-05', dueOn: '2021-09-01' })).thenRefuses(t, 'date_out_of_order', 'a new deadline not before its approval');
  given([recorded(), completed()]).when(extension()).thenRefuses(t, 'rectification_completed');
  given([]).when(extension()).thenNotFound(t, 'rectification');
  given([recorded(), extended()]).when(extension({ approvedOn: '2021-09-01', dueOn: '2021-10-31' }))
    .thenMatches(t, [{ data: { previousDueOn: '2021-09-30', dueOn: '2021-10-31', afterDeadline: false } }], 'a second extension moves the deadline in force');
});

t.test('an extension approved after the deadline had passed does not erase the lateness', async (t) => {
  given([recorded()]).when(extension({ approvedOn: '2021-09-01' }))
    .then(t, [extended({ approvedOn: '2021-09-01', afterDeadline: true })], 'the event says the deadline had passed');
  const late = [recorded(), extended({ approvedOn: '2021-09-01', afterDeadline: true })];
  const state = given(late).when(completion({ completedOn: '2021-09-05' })).stateAfter();
  t.match(state, { dueOn: '2021-09-30', missedDueOn: '2021-08-25', status: 'completed' });
  given(late).when(completion({ completedOn: '2021-09-05' }))
    .then(t, [completed({ completedOn: '2021-09-05', dueOn: '2021-09-30', late: true })], 'done before the new deadline, still late');
  given([recorded(), extended()]).when(completion({ completedOn: '2021-09-05' }))
    .then(t, [completed({ completedOn: '2021-09-05', dueOn: '2021-09-30', late: false })], 'extended in time: judged against the new deadline');
});

t.test('completion: late after the deadline; once only; in the order of the item\'s days', async (t) => {
  given([recorded()]).when(completion()).then(t, [completed()], 'the day before the deadline');
  given([recorded()]).when(completion({ completedOn: '2021-08-25' })).thenMatches(t, [{ data: { late: false } }], 'on the deadline itself');
  given([recorded()]).when(completion({ completedOn: '2021-08-26' })).thenMatches(t, [{ data: { late: true, dueOn: '2021-08-25' } }], 'a day after it');
  given([recorded(), completed()]).when(completion()).thenRefuses(t, 'rectification_completed');
  given([recorded()]).when(completion({ completedOn: '2021-09-11' })).thenRefuses(t, 'date_in_future');
  given([recorded()]).when(completion({ completedOn: '2021-06-19' })).thenRefuses(t, 'date_out_of_order');
  given([recorded(), progressNoted('2021-08-10')]).when(completion({ completedOn: '2021-08-09' })).thenRefuses(t, 'date_out_of_order', 'not before progress noted');
  given([recorded(), extended()]).when(completion({ completedOn: '2021-08-19' })).thenRefuses(t, 'date_out_of_order', 'not before an extension');
  given([]).when(completion()).thenNotFound(t, 'rectification');
});

t.test('a check (整改验收): accepted, or rejected and open again with a new deadline', async (t) => {
  given([recorded(), completed()]).when(verification()).then(t, [verified()]);
  given([recorded()]).when(verification()).thenRefuses(t, 'rectification_not_completed');
  given([recorded(), completed(), verified()]).when(verification({ verifiedOn: '2021-09-02' })).thenRefuses(t, 'rectification_already_verified');
  given([recorded(), completed()]).when(verification({ verifiedOn: '2021-08-23' })).thenRefuses(t, 'date_out_of_order', 'not before the completion');
  given([recorded(), completed()]).when(verification({ verifiedOn: '2021-09-11' })).thenRefuses(t, 'date_in_future');
  given([recorded(), completed()]).when(verification({ outcome: 'rejected', dueOn: '2021-08-31' })).thenRefuses(t, 'date_out_of_order', 'a new deadline not before the check');
  given([]).when(verification()).thenNotFound(t, 'rectification');

  const rejected = [recorded(), completed(), verified({ outcome: 'rejected', note: '签到流于形式', dueOn: '2021-09-30' })];
  t.match(fold(rectificationDecider, rejected), { status: 'open', dueOn: '2021-09-30', completedOn: null, reopenedOn: '2021-09-01', missedDueOn: null });
  given(rejected).when(progress({ notedOn: '2021-09-02' })).thenMatches(t, [{ type: 'RectificationProgressNoted' }], 'open again: progress');
  given(rejected).when(progress({ notedOn: '2021-08-31' })).thenRefuses(t, 'date_out_of_order', 'not before the check that reopened it');
  given(rejected).when(verification({ verifiedOn: '2021-09-05' })).thenRefuses(t, 'rectification_not_completed', 'checked again once done again');
  given(rejected).when(completion({ completedOn: '2021-09-08' })).thenMatches(t, [{ data: { dueOn: '2021-09-30', late: false } }], 'judged against the renewed deadline');
  given(rejected).when(completion({ completedOn: '2021-08-30' })).thenRefuses(t, 'date_out_of_order', 'not before the check');
  given(rejected).when(extension({ approvedOn: '2021-08-31', dueOn: '2021-10-31' })).thenRefuses(t, 'date_out_of_order', 'an extension not before the check either');
  const lateThenRejected = [recorded(), completed({ completedOn: '2021-08-28', late: true }), verified({ verifiedOn: '2021-09-01', outcome: 'rejected', dueOn: '2021-09-30' })];
  given(lateThenRejected).when(completion({ completedOn: '2021-09-08' })).thenMatches(t, [{ data: { late: true } }], 'a late rectification redone stays late');
});

t.test('the person responsible does not extend, complete or check their own item (回避)', async (t) => {
  const self = { ...inspector, officerId: 'O-WANG' };
  given([recorded()]).when(extension(), at('2021-09-10T10:00', self)).thenForbidden(t, 'own_rectification');
  given([recorded()]).when(completion(), at('2021-09-10T10:00', self)).thenForbidden(t, 'own_rectification');
  given([recorded(), completed()]).when(verification(), at('2021-09-10T10:00', self)).thenForbidden(t, 'own_rectification');
  given([recorded()]).when(progress(), at('2021-09-10T10:00', self)).thenMatches(t, [{ type: 'RectificationProgressNoted' }], 'progress they may report');
  given([recorded()]).when(completion(), at('2021-09-10T10:00', { ...inspector, officerId: 'O-LI' })).thenMatches(t, [{ type: 'RectificationCompleted' }], 'a colleague may');
});
