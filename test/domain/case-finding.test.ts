import t from 'tap';
import { RecordFindingInput } from '../../src/domain/case/commands.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider } from '../../src/domain/deciders.js';
import { at, inspector } from '../fixtures/domain-context.js';
import { CASE_ID, caseReported, findingRecorded, verificationAssigned } from '../fixtures/domain-events.js';
import { specification } from '../fixtures/specification.js';

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
const twoUnits = caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-STATION' }] });
const verifying = [twoUnits, verificationAssigned('2021-05-26', '2021-06-25')];
const heads = { 'U-BRIGADE': 'O-HEAD', 'U-STATION': null };

const finding = (input: Parameters<typeof RecordFindingInput.parse>[0]) =>
  ({ type: 'RecordFinding' as const, caseId: CASE_ID, input: RecordFindingInput.parse(input), unitHeads: heads });

t.test('a substantiated finding makes each officer (bj-1) and their unit head (bj-2) accountable', async (t) => {
  given(verifying).when(finding({ outcome: 'substantiated', severity: 'serious', summary: '属实' })).then(t, [
    { type: 'FindingRecorded', data: { caseId: CASE_ID, officerIds: ['O-ZHANG', 'O-LI'], outcome: 'substantiated', severity: 'serious', summary: '属实', recordedOn: '2021-06-15', foundOn: '2021-06-15', late: false } },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-ZHANG', unitId: 'U-BRIGADE', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-06-15' } },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-ZHANG', unitId: 'U-BRIGADE', level: 'unit_head', headOfficerId: 'O-HEAD', ruleRef: 'bj-2', flaggedOn: '2021-06-15' } },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-LI', unitId: 'U-STATION', level: 'officer', headOfficerId: null, ruleRef: 'bj-1', flaggedOn: '2021-06-15' } },
    { type: 'AccountabilityFlagged', data: { caseId: CASE_ID, officerId: 'O-LI', unitId: 'U-STATION', level: 'unit_head', headOfficerId: null, ruleRef: 'bj-2', flaggedOn: '2021-06-15' } },
  ], 'a unit without a head on record is still flagged, with no head named');
  given(verifying).when(finding({ outcome: 'partly_substantiated', severity: 'minor', summary: '部分属实', officerIds: ['O-LI'] }))
    .thenMatches(t, [{ type: 'FindingRecorded', data: { officerIds: ['O-LI'] } }, { data: { ruleRef: 'bj-1' } }, { data: { ruleRef: 'bj-2' } }],
      'partly substantiated counts too');
  t.equal(given(verifying).when(finding({ outcome: 'partly_substantiated', severity: 'minor', summary: '部分属实', officerIds: ['O-LI'] })).events().length, 3);
});

t.test('an unfounded finding flags nobody', async (t) => {
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' })).then(t, [
    { type: 'FindingRecorded', data: { caseId: CASE_ID, officerIds: ['O-ZHANG', 'O-LI'], outcome: 'unfounded', severity: null, summary: '不属实', recordedOn: '2021-06-15', foundOn: '2021-06-15', late: false } },
  ]);
});

t.test('the head of a subject\'s unit on the day of the breach does not record the finding that holds them accountable', async (t) => {
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' }), { actor: { ...inspector, officerId: 'O-HEAD' } })
    .thenForbidden(t, 'actor_is_subject', 'not even an unfounded one');
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' }), { actor: { ...inspector, officerId: 'O-OTHER' } })
    .thenMatches(t, [{ type: 'FindingRecorded' }], 'another inspector records it');
});

t.test('a finding needs a verification', async (t) => {
  given([twoUnits]).when(finding({ outcome: 'unfounded', summary: '不属实' })).thenRefuses(t, 'verification_required');
});

t.test('one finding per subject', async (t) => {
  const one = [...verifying, findingRecorded({ officerIds: ['O-ZHANG'] })];
  given(one).when(finding({ outcome: 'unfounded', summary: '不属实' })).thenMatches(t, [{ data: { officerIds: ['O-LI'] } }],
    'by default, the subjects still without a finding');
  given(one).when(finding({ outcome: 'unfounded', summary: '不属实', officerIds: ['O-ZHANG'] })).thenRefuses(t, 'finding_already_recorded');
  given([...one, findingRecorded({ officerIds: ['O-LI'] })]).when(finding({ outcome: 'unfounded', summary: '不属实' }))
    .thenRefuses(t, 'finding_already_recorded', 'nobody left');
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实', officerIds: ['O-WANG'] })).thenRefuses(t, 'not_a_subject');
});

t.test('a finding after the due date is recorded, but marked late', async (t) => {
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-06-25T18:00'))
    .thenMatches(t, [{ data: { recordedOn: '2021-06-25', late: false } }], 'on the due date is in time');
  given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-06-26T08:00'))
    .thenMatches(t, [{ data: { recordedOn: '2021-06-26', late: true } }], 'the day after is late');
  const state = given(verifying).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-06-26T08:00')).stateAfter() as CaseFile;
  t.equal(state.late, true, 'the case is marked late');
});

t.test('a verification reassigned after its due date keeps the pending findings late', async (t) => {
  // Due 25 June; on 20 July the verification is handed over with a new due date of 31 August.
  const reassignedLate = [...verifying, verificationAssigned('2021-07-20', '2021-08-31', 'inspector-zhou')];
  given(reassignedLate).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-07-25T09:00'))
    .thenMatches(t, [{ data: { recordedOn: '2021-07-25', late: true } }], 'in time for the new due date, but late all the same');
  t.equal((given(reassignedLate).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-07-25T09:00')).stateAfter() as CaseFile).late, true);
  const reassignedInTime = [...verifying, verificationAssigned('2021-06-25', '2021-08-31', 'inspector-zhou')];
  given(reassignedInTime).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-07-25T09:00'))
    .thenMatches(t, [{ data: { late: false } }], 'a new due date set on or before the old one is simply the due date');
  const onePending = [...verifying, findingRecorded({ officerIds: ['O-ZHANG'], recordedOn: '2021-06-20' }), verificationAssigned('2021-07-20', '2021-08-31')];
  const state = given(onePending).when(finding({ outcome: 'unfounded', summary: '不属实' }), at('2021-07-25T09:00')).stateAfter() as CaseFile;
  t.match(state.findings, { 'O-ZHANG': { late: false }, 'O-LI': { late: true } }, 'the subject already found in time stays in time');
});

t.test('severity is required unless unfounded (a 400 from the schema)', async (t) => {
  const missing = RecordFindingInput.safeParse({ outcome: 'substantiated', summary: '属实' });
  t.same(missing.error?.issues.map((i) => i.path.join('.')), ['severity']);
  const extra = RecordFindingInput.safeParse({ outcome: 'unfounded', severity: 'minor', summary: '不属实' });
  t.same(extra.error?.issues.map((i) => i.path.join('.')), ['severity']);
  t.ok(RecordFindingInput.safeParse({ outcome: 'unfounded', severity: null, summary: '不属实' }).success, 'null is the same as absent');
});
