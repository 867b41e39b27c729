import t from 'tap';
import { ImposeSanctionInput } from '../../src/domain/case/commands.js';
import type { ImposeSanction } from '../../src/domain/case/decide.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { sanctionKinds, severities, type Severity } from '../../src/domain/shared/codes.js';
import { at, inspector } from '../fixtures/domain-context.js';
import {
  CASE_ID, accountabilityFlags, caseReported, findingRecorded, posts, sanctionImposed, verificationAssigned,
} from '../fixtures/domain-events.js';
import { specification } from '../fixtures/specification.js';

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
const verifying = [caseReported(), verificationAssigned()];
const foundAs = (severity: Severity) => [...verifying, findingRecorded({ severity }), ...accountabilityFlags()];
const found = foundAs('minor');
const zhang: OfficerFacts = { officerId: 'O-ZHANG', unitId: 'U-BRIGADE', hiredOn: '2015-07-01', inService: true, qualified: true, postId: 'P-PATROL' };

function impose(body: Parameters<typeof ImposeSanctionInput.parse>[0], lookups: Partial<{ officer: OfficerFacts | null; toPost: PostSnapshot | null; unitHeads: Record<string, string | null> }> = {}): ImposeSanction {
  const input = ImposeSanctionInput.parse(body);
  return {
    type: 'ImposeSanction', caseId: CASE_ID, sanctionId: 'S-9', input,
    officer: lookups.officer === undefined ? { ...zhang, officerId: input.officerId } : lookups.officer,
    toPost: lookups.toPost ?? null, unitHeads: lookups.unitHeads ?? { 'U-BRIGADE': 'O-HEAD' },
  };
}
const training = { officerId: 'O-ZHANG', kind: 'off_post_training' as const, effectiveOn: '2021-06-14', basis: '违反六严禁第五项', untilOn: '2021-07-14' };
const criticism = { officerId: 'O-ZHANG', kind: 'criticism_education' as const, effectiveOn: '2021-06-14', basis: '违反八不准第三项' };

t.test('a sanction on a subject with a substantiated finding', async (t) => {
  given(found).when(impose(training)).then(t, [{
    type: 'SanctionImposed',
    data: {
      caseId: CASE_ID, sanctionId: 'S-9', officerId: 'O-ZHANG', kind: 'off_post_training', capacity: 'subject',
      effectiveOn: '2021-06-14', basis: '违反六严禁第五项', untilOn: '2021-07-14', toPostId: null,
    },
  }]);
  given([...verifying, findingRecorded({ outcome: 'partly_substantiated' })]).when(impose(criticism))
    .thenMatches(t, [{ type: 'SanctionImposed' }], 'partly substantiated is enough');
});

t.test('a sanction needs a substantiated or partly substantiated finding for that officer', async (t) => {
  given(verifying).when(impose(criticism)).thenRefuses(t, 'finding_required');
  given([...verifying, findingRecorded({ outcome: 'unfounded', severity: null })]).when(impose(criticism))
    .thenRefuses(t, 'finding_unfounded', 'unfounded closes the door');
  given(found).when(impose({ ...criticism, officerId: 'O-WANG' })).thenRefuses(t, 'not_a_subject');
  const twoSubjects = [
    caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }),
    verificationAssigned(), findingRecorded({ officerIds: ['O-ZHANG'] }),
  ];
  given(twoSubjects).when(impose({ ...criticism, officerId: 'O-LI' })).thenRefuses(t, 'finding_required', 'another subject\'s finding does not count');
});

t.test('the kind must fit the severity', async (t) => {
  const allowed: Record<Severity, string[]> = {
    minor: ['criticism_education', 'off_post_training', 'qualification_revoked', 'reassignment'],
    serious: ['criticism_education', 'off_post_training', 'qualification_revoked', 'reassignment', 'dismissal', 'expulsion'],
    criminal: [...sanctionKinds],
  };
  for (const severity of severities) {
    for (const kind of sanctionKinds) {
      const body = {
        officerId: 'O-ZHANG', kind, effectiveOn: '2021-06-14', basis: 'x',
        ...(kind === 'off_post_training' ? { untilOn: '2021-07-14' } : {}),
        ...(kind === 'reassignment' ? { toPostId: 'P-ARCHIVE' } : {}),
      };
      const spec = given(foundAs(severity)).when(impose(body, { toPost: posts.archive }));
      if (allowed[severity].includes(kind)) spec.thenMatches(t, [{ type: 'SanctionImposed', data: { kind } }], `${severity} allows ${kind}`);
      else spec.thenRefuses(t, 'sanction_exceeds_severity', `${severity} refuses ${kind}`);
    }
  }
});

t.test('unit heads and others responsible answer for a substantiated case', async (t) => {
  const asHead = (officerId: string) => ({ ...criticism, officerId, capacity: 'unit_head' as const });
  given(found).when(impose(asHead('O-HEAD'))).thenMatches(t, [{ data: { officerId: 'O-HEAD', capacity: 'unit_head' } }],
    'the head flagged at the finding (bj-2) may be named though not a subject');
  given(found).when(impose(asHead('O-NEWHEAD'), { unitHeads: { 'U-BRIGADE': 'O-NEWHEAD' } }))
    .thenMatches(t, [{ data: { officerId: 'O-NEWHEAD' } }], 'so may the unit\'s head now, per the unit');
  given(found).when(impose(asHead('O-WANG'))).thenRefuses(t, 'not_unit_head');
  given([...verifying, findingRecorded({ outcome: 'unfounded', severity: null })]).when(impose(asHead('O-HEAD'))).thenRefuses(t, 'finding_unfounded');
  given(verifying).when(impose(asHead('O-HEAD'))).thenRefuses(t, 'finding_required', 'needs a substantiated case');
  const responsible = { ...criticism, officerId: 'O-WANG', capacity: 'responsible' as const };
  given(found).when(impose(responsible)).thenMatches(t, [{ data: { officerId: 'O-WANG', capacity: 'responsible' } }]);
  given(found).when(impose(responsible, { officer: null })).thenRefuses(t, 'unknown_officer');
  given(foundAs('minor')).when(impose({ ...responsible, kind: 'dismissal' })).thenRefuses(t, 'sanction_exceeds_severity', 'the case\'s severity bounds them too');
  given(foundAs('serious')).when(impose({ ...responsible, kind: 'dismissal' })).thenMatches(t, [{ data: { kind: 'dismissal' } }]);
  given(found).when(impose(asHead('O-HEAD')), { actor: { ...inspector, officerId: 'O-HEAD' } })
    .thenForbidden(t, 'actor_is_subject', 'nobody imposes a sanction on themselves');
});

t.test('a subject answers for their own breach on their own finding, never as "responsible"', async (t) => {
  const twoSubjects = [
    caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned(),
    findingRecorded(), findingRecorded({ officerIds: ['O-LI'], outcome: 'unfounded', severity: null }),
  ];
  const li = { ...criticism, officerId: 'O-LI' };
  given(twoSubjects).when(impose(li)).thenRefuses(t, 'finding_unfounded');
  given(twoSubjects).when(impose({ ...li, capacity: 'responsible' as const }))
    .thenRefuses(t, 'subject_sanctioned_as_responsible', 'the unfounded finding is not stepped around');
  const noFindingYet = [caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-LI', unitId: 'U-BRIGADE' }] }), verificationAssigned(), findingRecorded()];
  given(noFindingYet).when(impose({ ...li, capacity: 'responsible' as const }))
    .thenRefuses(t, 'subject_sanctioned_as_responsible', 'nor the finding still to come');
  given(twoSubjects).when(impose({ ...li, capacity: 'unit_head' as const }, { unitHeads: { 'U-BRIGADE': 'O-LI' } }))
    .thenMatches(t, [{ data: { officerId: 'O-LI', capacity: 'unit_head' } }], 'a subject who heads the unit still answers for a subordinate\'s breach');
});

t.test('effects need an officer they can take effect on', async (t) => {
  given(found).when(impose(criticism, { officer: { ...zhang, inService: false } })).thenRefuses(t, 'officer_separated');
  given(foundAs('criminal')).when(impose({ ...criticism, kind: 'judicial_referral' }, { officer: { ...zhang, inService: false } }))
    .thenMatches(t, [{ data: { kind: 'judicial_referral' } }], 'a former officer can still be referred to the judicial authorities');
  const revoke = { ...criticism, kind: 'qualification_revoked' as const };
  given(found).when(impose(revoke)).thenMatches(t, [{ data: { kind: 'qualification_revoked' } }]);
  given(found).when(impose(revoke, { officer: { ...zhang, qualified: false } })).thenRefuses(t, 'qualification_not_held');
});

t.test('reassignment moves the officer to a non-enforcement post', async (t) => {
  const move = { ...criticism, kind: 'reassignment' as const, toPostId: 'P-ARCHIVE' };
  given(found).when(impose(move, { toPost: posts.archive })).thenMatches(t, [{ data: { kind: 'reassignment', toPostId: 'P-ARCHIVE' } }]);
  given(found).when(impose(move, { toPost: null })).thenRefuses(t, 'unknown_post');
  given(found).when(impose({ ...move, toPostId: 'P-FINES' }, { toPost: posts.fines })).thenRefuses(t, 'reassignment_to_enforcement_post');
  given(found).when(impose(move, { toPost: posts.archive, officer: { ...zhang, postId: 'P-ARCHIVE' } })).thenRefuses(t, 'already_on_post');
});

t.test('the same kind is not imposed twice on one officer in one case', async (t) => {
  given([...found, sanctionImposed({ kind: 'criticism_education', untilOn: null })]).when(impose(criticism)).thenRefuses(t, 'sanction_already_imposed');
  given([...found, sanctionImposed()]).when(impose(criticism)).thenMatches(t, [{ type: 'SanctionImposed' }], 'another kind is fine');
});

t.test('dates of a sanction', async (t) => {
  given(found).when(impose({ ...criticism, effectiveOn: '2021-06-16' })).thenRefuses(t, 'date_in_future');
  given(found).when(impose({ ...criticism, effectiveOn: '2021-05-24' })).thenRefuses(t, 'date_out_of_order', 'not before the report');
  given(found).when(impose({ ...criticism, effectiveOn: '2021-05-31' })).thenRefuses(t, 'date_out_of_order', 'not before the finding');
  given(found).when(impose({ ...criticism, effectiveOn: '2021-06-01' })).thenMatches(t, [{ type: 'SanctionImposed' }], 'the day of the finding');
  given(found).when(impose({ ...training, untilOn: '2021-06-14' })).thenRefuses(t, 'date_out_of_order', 'training ends after it starts');
  given(found).when(impose({ ...training, untilOn: '2022-06-14' })).thenMatches(t, [{ data: { untilOn: '2022-06-14' } }], 'its end may be in the future');
});

t.test('the body: parameters belong to their kind (a 400 from the schema)', async (t) => {
  const paths = (body: unknown) => ImposeSanctionInput.safeParse(body).error?.issues.map((i) => i.path.join('.')) ?? [];
  t.same(paths({ ...training, untilOn: undefined }), ['untilOn'], 'a training needs its end');
  t.same(paths({ ...criticism, untilOn: '2021-07-01' }), ['untilOn'], 'only a training has an end');
  t.same(paths({ ...criticism, kind: 'reassignment' }), ['toPostId'], 'a reassignment needs its post');
  t.same(paths({ ...criticism, toPostId: 'P-ARCHIVE' }), ['toPostId'], 'only a reassignment has a post');
  t.same(paths({ ...criticism, kind: 'demotion' }), ['kind'], 'kinds are the contract\'s codes');
  t.same(paths({ ...criticism, effectiveOn: '2021-02-30' }), ['effectiveOn'], 'a date that is not real');
  t.equal(ImposeSanctionInput.parse(criticism).capacity, 'subject', 'capacity defaults to subject');
});
