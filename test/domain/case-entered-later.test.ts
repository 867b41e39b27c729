import t from 'tap';
import {
  AssignVerificationInput, CloseCaseInput, ImposeSanctionInput, RecordFindingInput,
} from '../../src/domain/case/commands.js';
import type { CaseEvent } from '../../src/domain/case/evolve.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider } from '../../src/domain/deciders.js';
import { toDomainEvent } from '../../src/domain/event-catalogue.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { RuleViolation } from '../../src/domain/shared/errors.js';
import { at } from '../fixtures/domain-context.js';
import {
  CASE_ID, accountabilityFlags, appealFiled, caseReported, findingRecorded, sanctionImposed, verificationAssigned,
} from '../fixtures/domain-events.js';
import { fold, specification } from '../fixtures/specification.js';

// A case handled on paper in 2019 and entered in the register on 15 June 2021, when the bureau
// moves its paper ledgers in: the verification, the finding and the closure carry the days they
// happened (assignedOn, foundOn, closedOn), checked like the other dates; the finding keeps the day
// it was entered too (recordedOn). Lateness is judged on the days things happened, and a sanction
// given on paper takes effect on its own day, from the finding's.

const ENTERED = '2021-06-15T10:00';
const given = specification(caseDecider, () => at(ENTERED));

const zhang: OfficerFacts = {
  officerId: 'O-ZHANG', unitId: 'U-BRIGADE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }], hiredOn: '2015-07-01', inService: true,
  qualified: true, qualifiedOn: '2015-08-01', postId: null, postSince: null, separatedOn: null, separatedBy: null, trainingSince: null,
};
const heads = { 'U-BRIGADE': 'O-HEAD', 'U-STATION': null };

/** Received on paper on 1 March 2019 (a breach of 20 February), entered with that day. */
const reportedOnPaper = caseReported({ occurredOn: '2019-02-20', reportedOn: '2019-03-01' });
const twoSubjects = caseReported({
  occurredOn: '2019-02-20', reportedOn: '2019-03-01',
  subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-STATION' }],
});

const assign = (input: Parameters<typeof AssignVerificationInput.parse>[0]) =>
  ({ type: 'AssignVerification' as const, caseId: CASE_ID, input: AssignVerificationInput.parse(input), inspector: null, unitHeads: heads });
const find = (input: Partial<Parameters<typeof RecordFindingInput.parse>[0]> = {}) =>
  ({ type: 'RecordFinding' as const, caseId: CASE_ID, input: RecordFindingInput.parse({ outcome: 'substantiated', severity: 'minor', summary: '经核实，反映问题属实', ...input }), unitHeads: heads });
const close = (closedOn?: string | null) =>
  ({ type: 'CloseCase' as const, caseId: CASE_ID, input: CloseCaseInput.parse({ summary: '已按规定处理，办结', ...(closedOn !== undefined ? { closedOn } : {}) }), unitHeads: heads });
const impose = (effectiveOn: string) => ({
  type: 'ImposeSanction' as const, caseId: CASE_ID, sanctionId: 'S-9',
  input: ImposeSanctionInput.parse({ officerId: 'O-ZHANG', kind: 'criticism_education', effectiveOn, basis: '依据八不准第三条予以批评教育' }),
  officer: zhang, toPost: null, unitHeads: heads,
});

/** The refusal's message, for the tests that check it names what was wrong. */
function refusal(decide: () => unknown): { rule: string; message: string } {
  try {
    decide();
  } catch (error) {
    if (error instanceof RuleViolation) return { rule: error.rule, message: error.message };
    throw error;
  }
  return { rule: '(decided)', message: '' };
}

t.test('the verification is assigned on the day it was, when given', async (t) => {
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04' })).then(t, [{
    type: 'VerificationAssigned', data: { caseId: CASE_ID, inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2019-04-03' },
  }], 'dated 4 March 2019, due 30 days after it, not after the day it was entered');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li' })).thenMatches(t, [{ data: { assignedOn: '2021-06-15', dueOn: '2021-07-15' } }],
    'without one, assigned the day it is entered');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: null })).thenMatches(t, [{ data: { assignedOn: '2021-06-15' } }],
    'null is no day given either');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-01', dueOn: '2019-03-20' }))
    .thenMatches(t, [{ data: { assignedOn: '2019-03-01', dueOn: '2019-03-20' } }], 'on the day the report was received, with a due date of its own');
  const state = given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04' })).stateAfter() as CaseFile;
  t.same(state.verification, { inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2019-04-03' }, 'the case holds it');
});

t.test('the day of the assignment is checked like the other dates', async (t) => {
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2021-06-16' })).thenRefuses(t, 'date_in_future', 'not after today');
  t.match(refusal(() => given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2021-06-16' })).events()),
    { message: 'assignedOn 2021-06-16 is after 2021-06-15.' }, 'naming the field and the day');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-02-28' })).thenRefuses(t, 'date_out_of_order', 'not before the report was received');
  t.match(refusal(() => given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-02-28' })).events()),
    { message: 'assignedOn 2019-02-28 is before the report on 2019-03-01.' });
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2019-03-03' }))
    .thenRefuses(t, 'date_out_of_order', 'a due date before the assignment');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2020-03-05' }))
    .thenRefuses(t, 'verification_due_too_far', 'the year counts from the day it was assigned, not from the day entered');
  given([reportedOnPaper]).when(assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04', dueOn: '2020-03-04' }))
    .thenMatches(t, [{ data: { dueOn: '2020-03-04' } }], 'a year to the day is allowed');
  t.same(AssignVerificationInput.safeParse({ inspectorId: 'inspector-li', assignedOn: '2019-02-29' }).error?.issues.map((i) => i.path.join('.')), ['assignedOn'],
    'a day that is not real is a 400 naming it');
});

t.test('a handover is not dated before the assignment it ends, nor before a finding made under it', async (t) => {
  const verifying = [twoSubjects, verificationAssigned('2019-03-04', '2019-04-03')];
  given(verifying).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-20' }))
    .thenMatches(t, [{ data: { inspectorId: 'inspector-zhou', assignedOn: '2019-03-20', dueOn: '2019-04-03' } }], 'a handover keeps the due date');
  given(verifying).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-04' })).thenMatches(t, [{ data: { assignedOn: '2019-03-04' } }],
    'the same day will do');
  t.match(refusal(() => given(verifying).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-03' })).events()),
    { rule: 'date_out_of_order', message: 'assignedOn 2019-03-03 is before the current assignment to inspector-li on 2019-03-04.' },
    'not before the current assignment, though after the report');
  const oneFound = [...verifying, findingRecorded({ officerIds: ['O-ZHANG'], recordedOn: '2021-06-15', foundOn: '2019-03-25' })];
  t.match(refusal(() => given(oneFound).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-20' })).events()),
    { rule: 'date_out_of_order', message: 'assignedOn 2019-03-20 is before officer O-ZHANG\'s finding on 2019-03-25.' },
    'a finding made under the current assignment comes before the handover that ends it');
  given(oneFound).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-25' })).thenMatches(t, [{ data: { assignedOn: '2019-03-25' } }]);
  const threeSubjects = caseReported({
    occurredOn: '2019-02-20', reportedOn: '2019-03-01',
    subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-STATION' }, { officerId: 'O-WANG', unitId: 'U-BRIGADE' }],
  });
  const twoFound = [
    threeSubjects, verificationAssigned('2019-03-04', '2019-04-03'),
    findingRecorded({ officerIds: ['O-ZHANG'], recordedOn: '2021-06-15', foundOn: '2019-03-25' }),
    findingRecorded({ officerIds: ['O-LI'], recordedOn: '2021-06-15', foundOn: '2019-03-22' }),
  ];
  t.match(refusal(() => given(twoFound).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-03-24' })).events()),
    { message: 'assignedOn 2019-03-24 is before officer O-ZHANG\'s finding on 2019-03-25.' }, 'the latest finding, whichever was entered last');
});

t.test('a handover is late by the day it happened, not by the day it is entered', async (t) => {
  const verifying = [reportedOnPaper, verificationAssigned('2019-03-04', '2019-04-03')];
  const inTime = given(verifying).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-04-03', dueOn: '2019-05-03' })).stateAfter() as CaseFile;
  t.equal(inTime.deadlineMissed, false, 'handed over on the due date, entered two years later: no deadline missed');
  const after = given(verifying).when(assign({ inspectorId: 'inspector-zhou', assignedOn: '2019-04-04', dueOn: '2019-05-03' })).stateAfter() as CaseFile;
  t.equal(after.deadlineMissed, true, 'handed over the day after: missed');
});

t.test('the finding is dated the day it was made, and keeps the day it was entered', async (t) => {
  const verifying = [reportedOnPaper, verificationAssigned('2019-03-04', '2019-04-03')];
  given(verifying).when(find({ foundOn: '2019-03-28' })).then(t, [
    {
      type: 'FindingRecorded',
      data: {
        caseId: CASE_ID, officerIds: ['O-ZHANG'], outcome: 'substantiated', severity: 'minor', summary: '经核实，反映问题属实',
        recordedOn: '2021-06-15', foundOn: '2019-03-28', late: false,
      },
    },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-ZHANG', unitId: 'U-BRIGADE', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2019-03-28' } },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-ZHANG', unitId: 'U-BRIGADE', level: 'unit_head', headOfficerId: 'O-HEAD', ruleRef: 'bj-2', flaggedOn: '2019-03-28' } },
  ], 'made on 28 March 2019, entered on 15 June 2021: in time, and the accountability is flagged on the day of the finding');
  given(verifying).when(find()).thenMatches(t, [{ data: { recordedOn: '2021-06-15', foundOn: '2021-06-15', late: true } }, { data: { flaggedOn: '2021-06-15' } }],
    'without one, made the day it is entered (two years after the due date: late)');
  given(verifying).when(find({ foundOn: null })).thenMatches(t, [{ data: { foundOn: '2021-06-15' } }], 'null is no day given either');
  const state = given(verifying).when(find({ foundOn: '2019-03-28' })).stateAfter() as CaseFile;
  t.match(state.findings['O-ZHANG'], { recordedOn: '2021-06-15', foundOn: '2019-03-28', late: false }, 'the case holds both days');
  t.equal(state.late, false);
});

t.test('the day of the finding is checked like the other dates', async (t) => {
  const verifying = [reportedOnPaper, verificationAssigned('2019-03-04', '2019-04-03')];
  t.match(refusal(() => given(verifying).when(find({ foundOn: '2021-06-16' })).events()),
    { rule: 'date_in_future', message: 'foundOn 2021-06-16 is after 2021-06-15.' }, 'not after today');
  t.match(refusal(() => given(verifying).when(find({ foundOn: '2019-03-03' })).events()),
    { rule: 'date_out_of_order', message: 'foundOn 2019-03-03 is before the assignment of the verification to inspector-li on 2019-03-04.' },
    'not before the verification was assigned');
  const handedOver = [...verifying, verificationAssigned('2019-03-20', '2019-04-03', 'inspector-zhou')];
  given(handedOver).when(find({ foundOn: '2019-03-19' })).thenRefuses(t, 'date_out_of_order', 'nor before the current assignment, after a handover');
  given(handedOver).when(find({ foundOn: '2019-03-20' })).thenMatches(t, [{ data: { foundOn: '2019-03-20' } }], 'on its day');
  t.same(RecordFindingInput.safeParse({ outcome: 'unfounded', summary: '不属实', foundOn: '2019-13-01' }).error?.issues.map((i) => i.path.join('.')), ['foundOn'],
    'a day that is not real is a 400 naming it');
});

t.test('lateness is judged on the day the finding was made', async (t) => {
  const verifying = [reportedOnPaper, verificationAssigned('2019-03-04', '2019-04-03')];
  given(verifying).when(find({ foundOn: '2019-04-03' })).thenMatches(t, [{ data: { late: false } }], 'made on the due date is in time, entered two years later');
  given(verifying).when(find({ foundOn: '2019-04-04' })).thenMatches(t, [{ data: { late: true } }], 'made the day after is late');
  // Due on 3 April; entered on 15 June 2021 with no day: late, as ever.
  const handedOverLate = [...verifying, verificationAssigned('2019-04-10', '2019-05-10', 'inspector-zhou')];
  given(handedOverLate).when(find({ foundOn: '2019-04-20' })).thenMatches(t, [{ data: { late: true } }],
    'pending when the verification was handed over after its due date: late, whatever the day it was made');
});

t.test('a finding recorded before its day was kept reads as made the day it was recorded', async (t) => {
  const old = toDomainEvent('FindingRecorded', {
    caseId: CASE_ID, officerIds: ['O-ZHANG'], outcome: 'substantiated', severity: 'minor', summary: '属实', recordedOn: '2021-06-01', late: false,
  }) as CaseEvent;
  t.match(old, { data: { foundOn: null } }, 'no foundOn: null');
  const state = fold(caseDecider, [caseReported(), verificationAssigned(), old]) as CaseFile;
  t.match(state.findings['O-ZHANG'], { recordedOn: '2021-06-01', foundOn: '2021-06-01' }, 'the day it was recorded');
  t.throws(() => given([caseReported(), verificationAssigned(), old, ...accountabilityFlags()]).when(impose('2021-05-31')).events(),
    { rule: 'date_out_of_order', message: /before the finding on 2021-06-01/ }, 'and still bounds a sanction by that day');
});

t.test('a sanction given on paper takes effect on its own day, from the day of the finding', async (t) => {
  const foundOnPaper = [
    reportedOnPaper, verificationAssigned('2019-03-04', '2019-04-03'),
    findingRecorded({ recordedOn: '2021-06-15', foundOn: '2019-03-28' }), ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', 'O-HEAD', '2019-03-28'),
  ];
  given(foundOnPaper).when(impose('2019-03-28')).thenMatches(t, [{ type: 'SanctionImposed', data: { effectiveOn: '2019-03-28', recordedOn: '2021-06-15' } }],
    'on the day of the finding, two years before either was entered');
  given(foundOnPaper).when(impose('2019-04-02')).thenMatches(t, [{ data: { effectiveOn: '2019-04-02' } }], 'or any day after it');
  t.match(refusal(() => given(foundOnPaper).when(impose('2019-03-27')).events()),
    { rule: 'date_out_of_order', message: 'effectiveOn 2019-03-27 is before the finding on 2019-03-28.' }, 'not the day before the finding');
  const asHead = { ...impose('2019-03-28'), input: ImposeSanctionInput.parse({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2019-03-28', basis: '四必究' }) };
  given(foundOnPaper).when(asHead).thenMatches(t, [{ data: { officerId: 'O-HEAD', capacity: 'unit_head', effectiveOn: '2019-03-28' } }],
    'a unit head held to account, from the same day');
  given(foundOnPaper).when({ ...asHead, input: { ...asHead.input, effectiveOn: '2019-03-27' } }).thenRefuses(t, 'date_out_of_order', 'not before it');
});

t.test('the case is closed on the day it was, not before the latest dated act of its handling', async (t) => {
  const sanctioned = [
    twoSubjects, verificationAssigned('2019-03-04', '2019-04-03'),
    findingRecorded({ officerIds: ['O-ZHANG', 'O-LI'], recordedOn: '2021-06-15', foundOn: '2019-03-28' }),
    sanctionImposed({ kind: 'criticism_education', untilOn: null, effectiveOn: '2019-04-02', recordedOn: '2021-06-15' }),
  ];
  given(sanctioned).when(close('2019-04-20')).then(t, [{ type: 'CaseClosed', data: { caseId: CASE_ID, summary: '已按规定处理，办结', closedOn: '2019-04-20' } }],
    'closed on 20 April 2019, entered in 2021');
  given(sanctioned).when(close()).thenMatches(t, [{ data: { closedOn: '2021-06-15' } }], 'without one, closed the day it is entered');
  given(sanctioned).when(close(null)).thenMatches(t, [{ data: { closedOn: '2021-06-15' } }], 'null is no day given either');
  given(sanctioned).when(close('2019-04-02')).thenMatches(t, [{ data: { closedOn: '2019-04-02' } }], 'on the day of the latest act');
  const closedState = given(sanctioned).when(close('2019-04-20')).stateAfter() as CaseFile;
  t.same(closedState.closure, { closedOn: '2019-04-20', summary: '已按规定处理，办结' });

  t.match(refusal(() => given(sanctioned).when(close('2021-06-16')).events()),
    { rule: 'date_in_future', message: 'closedOn 2021-06-16 is after 2021-06-15.' }, 'not after today');
  t.match(refusal(() => given(sanctioned).when(close('2019-04-01')).events()),
    { rule: 'date_out_of_order', message: 'closedOn 2019-04-01 is before sanction S-1 taking effect on 2019-04-02.' }, 'not before a sanction took effect');
  const foundOnly = sanctioned.slice(0, 3);
  t.match(refusal(() => given(foundOnly).when(close('2019-03-27')).events()),
    { rule: 'date_out_of_order', message: 'closedOn 2019-03-27 is before officer O-ZHANG\'s finding on 2019-03-28.' }, 'nor before a finding was made');
  const twoFindings = [
    ...sanctioned.slice(0, 2), findingRecorded({ officerIds: ['O-ZHANG'], recordedOn: '2021-06-15', foundOn: '2019-03-28' }),
    findingRecorded({ officerIds: ['O-LI'], outcome: 'unfounded', severity: null, recordedOn: '2021-06-15', foundOn: '2019-03-30' }),
  ];
  t.match(refusal(() => given(twoFindings).when(close('2019-03-29')).events()),
    { message: 'closedOn 2019-03-29 is before officer O-LI\'s finding on 2019-03-30.' }, 'the latest finding, whichever subject');
  const intervened = [...foundOnly, { type: 'InterventionHeld' as const, data: { caseId: CASE_ID, officerId: 'O-LI', kind: 'reminder_talk' as const, heldOn: '2019-04-08' } }];
  t.match(refusal(() => given(intervened).when(close('2019-04-07')).events()),
    { rule: 'date_out_of_order', message: 'closedOn 2019-04-07 is before the reminder_talk with officer O-LI on 2019-04-08.' }, 'nor before an intervention was held');
  const handedOver = [
    twoSubjects, verificationAssigned('2019-03-04', '2019-04-03'), verificationAssigned('2019-03-30', '2019-04-03', 'inspector-zhou'),
    findingRecorded({ officerIds: ['O-ZHANG', 'O-LI'], outcome: 'unfounded', severity: null, recordedOn: '2021-06-15', foundOn: '2019-03-30' }),
  ];
  given(handedOver).when(close('2019-03-30')).thenMatches(t, [{ data: { closedOn: '2019-03-30' } }], 'a finding on the day of a handover, closed that day');
  // A review may be filed, and decided, after the case is closed: it does not bound the closure.
  given([...sanctioned, appealFiled({ filedOn: '2019-04-25' })]).when(close('2019-04-20'))
    .thenMatches(t, [{ data: { closedOn: '2019-04-20' } }], 'a review filed later does not hold the closure back');
  t.same(CloseCaseInput.safeParse({ summary: '办结', closedOn: 'yesterday' }).error?.issues.map((i) => i.path.join('.')), ['closedOn'],
    'a day that is not real is a 400 naming it');
});

t.test('a whole paper case, entered on one day with its own dates', async (t) => {
  const steps = [
    assign({ inspectorId: 'inspector-li', assignedOn: '2019-03-04' }),
    find({ foundOn: '2019-03-28' }),
    impose('2019-04-02'),
    close('2019-04-20'),
  ];
  const events: CaseEvent[] = [reportedOnPaper];
  for (const step of steps) events.push(...given(events).when(step).events());
  const file = fold(caseDecider, events) as CaseFile;
  t.match(file, {
    status: 'closed', reportedOn: '2019-03-01', verification: { assignedOn: '2019-03-04', dueOn: '2019-04-03' },
    findings: { 'O-ZHANG': { foundOn: '2019-03-28', recordedOn: '2021-06-15', late: false } }, late: false,
    sanctions: { 'S-9': { effectiveOn: '2019-04-02', recordedOn: '2021-06-15' } }, closure: { closedOn: '2019-04-20' },
  });
});
