import t from 'tap';
import { ImposeSanctionInput } from '../../src/domain/case/commands.js';
import type { ImposeSanction } from '../../src/domain/case/decide.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { sanctionKinds, severities, type Severity } from '../../src/domain/shared/codes.js';
import { at, inspector } from '../fixtures/domain-context.js';
import {
  CASE_ID, accountabilityFlags, appealDecided, appealFiled, caseReported, findingRecorded, posts, sanctionImposed, verificationAssigned,
} from '../fixtures/domain-events.js';
import { specification } from '../fixtures/specification.js';

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
const verifying = [caseReported(), verificationAssigned()];
const foundAs = (severity: Severity) => [...verifying, findingRecorded({ severity }), ...accountabilityFlags()];
const found = foundAs('minor');
const zhang: OfficerFacts = {
  officerId: 'O-ZHANG', unitId: 'U-BRIGADE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }, { from: '2016-01-04', unitId: 'U-BRIGADE' }], hiredOn: '2015-07-01', inService: true, qualified: true, qualifiedOn: '2015-08-01', postId: 'P-PATROL', postSince: '2016-01-04', separatedOn: null, separatedBy: null, trainingSince: null,
};

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
      effectiveOn: '2021-06-14', basis: '违反六严禁第五项', untilOn: '2021-07-14', toPostId: null, recordedOn: '2021-06-15',
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
    'the head at the time of the breach may be named though not a subject');
  // The finding's bj-2 flag names the head whose term covered the breach, as the unit recorded it then.
  const foundUnder = (head: string | null) => [...verifying, findingRecorded(), ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', head)];
  given(foundUnder('O-OLDHEAD')).when(impose(asHead('O-OLDHEAD')))
    .thenMatches(t, [{ data: { officerId: 'O-OLDHEAD' } }], 'the head is the one the finding held accountable');
  given(foundUnder('O-OLDHEAD')).when(impose(asHead('O-HEAD'), { unitHeads: { 'U-BRIGADE': 'O-HEAD' } }))
    .thenRefuses(t, 'not_unit_head', 'not another head, even one the unit\'s record names for that day now (an appointment recorded since, backdated)');
  given(foundUnder(null)).when(impose(asHead('O-HEAD'), { unitHeads: { 'U-BRIGADE': 'O-HEAD' } }))
    .thenRefuses(t, 'not_unit_head', 'nobody, when the unit had no head in office then (a head reinstated since included)');
  given(found).when(impose(asHead('O-WANG'))).thenRefuses(t, 'not_unit_head');
  given([...verifying, findingRecorded({ outcome: 'unfounded', severity: null })]).when(impose(asHead('O-HEAD'))).thenRefuses(t, 'finding_unfounded');
  given(verifying).when(impose(asHead('O-HEAD'))).thenRefuses(t, 'finding_required', 'needs a substantiated case');
  const responsible = { ...criticism, officerId: 'O-WANG', capacity: 'responsible' as const };
  given(found).when(impose(responsible)).thenMatches(t, [{ data: { officerId: 'O-WANG', capacity: 'responsible' } }]);
  given(found).when(impose(responsible, { officer: null })).thenRefuses(t, 'unknown_officer');
  const hiredInJune = { ...zhang, officerId: 'O-WANG', hiredOn: '2021-06-10', units: [{ from: '2021-06-10', unitId: 'U-BRIGADE' }], postId: null, postSince: null };
  given(found).when(impose({ ...responsible, effectiveOn: '2021-06-02' }, { officer: hiredInJune }))
    .thenRefuses(t, 'date_out_of_order', 'no sanction takes effect before the officer was hired');
  given(found).when(impose({ ...responsible, effectiveOn: '2021-06-10' }, { officer: hiredInJune }))
    .thenMatches(t, [{ data: { officerId: 'O-WANG', effectiveOn: '2021-06-10' } }], 'the day of the hiring will do');
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
  given([...twoSubjects, ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', 'O-LI')]).when(impose({ ...li, capacity: 'unit_head' as const }, { unitHeads: { 'U-BRIGADE': 'O-LI' } }))
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
  given(found).when(impose({ ...criticism, kind: 'reassignment' })).thenMatches(t, [{ data: { kind: 'reassignment', toPostId: null } }],
    'or names no post: the officer leaves the enforcement post, and HR assigns the next');
  given(found).when(impose({ ...training, untilOn: undefined })).thenMatches(t, [{ data: { kind: 'off_post_training', untilOn: null } }],
    'a training may leave its end open: it lasts until its completion is recorded');
});

t.test('a unit head answers for the breaches of their own units only', async (t) => {
  // O-ZHANG (brigade) did something minor; O-CLERK (office) something criminal.
  const twoUnits = [
    caseReported({ subjects: [{ officerId: 'O-ZHANG', unitId: 'U-BRIGADE' }, { officerId: 'O-CLERK', unitId: 'U-OFFICE' }] }), verificationAssigned(),
    findingRecorded({ officerIds: ['O-ZHANG'], severity: 'minor' }), ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', 'O-HEAD'),
    findingRecorded({ officerIds: ['O-CLERK'], severity: 'criminal', recordedOn: '2021-06-03' }), ...accountabilityFlags('O-CLERK', 'U-OFFICE', 'O-WANG', '2021-06-03'),
  ];
  const unitHeads = { 'U-BRIGADE': 'O-HEAD', 'U-OFFICE': 'O-WANG' };
  const asHead = (officerId: string, kind: 'criticism_education' | 'dismissal' | 'judicial_referral') =>
    impose({ officerId, kind, capacity: 'unit_head', effectiveOn: '2021-06-14', basis: '单位负责人责任' }, { unitHeads });
  given(twoUnits).when(asHead('O-HEAD', 'dismissal')).thenRefuses(t, 'sanction_exceeds_severity', 'the brigade head: only the brigade\'s minor breach');
  given(twoUnits).when(asHead('O-HEAD', 'judicial_referral')).thenRefuses(t, 'sanction_exceeds_severity', 'not the office\'s crime');
  given(twoUnits).when(asHead('O-HEAD', 'criticism_education')).thenMatches(t, [{ data: { officerId: 'O-HEAD', kind: 'criticism_education' } }]);
  given(twoUnits).when(asHead('O-WANG', 'judicial_referral')).thenMatches(t, [{ data: { officerId: 'O-WANG', kind: 'judicial_referral' } }],
    'the office head answers for the office\'s crime');
  given(twoUnits).when(impose({ officerId: 'O-WANG', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, { unitHeads }))
    .thenRefuses(t, 'date_out_of_order', 'and from the office\'s finding on (not the brigade\'s, earlier)');
  given(twoUnits).when(impose({ officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', effectiveOn: '2021-06-02', basis: 'x' }, { unitHeads }))
    .thenMatches(t, [{ type: 'SanctionImposed' }], 'the brigade head from the brigade\'s finding on');
  const headOfBoth = { 'U-BRIGADE': 'O-HEAD', 'U-OFFICE': 'O-HEAD' };
  const bothUnderOneHead = [...twoUnits.slice(0, 5), twoUnits[5]!, ...accountabilityFlags('O-CLERK', 'U-OFFICE', 'O-HEAD', '2021-06-03')];
  given(bothUnderOneHead).when(impose({ officerId: 'O-HEAD', kind: 'judicial_referral', capacity: 'unit_head', effectiveOn: '2021-06-14', basis: 'x' }, { unitHeads: headOfBoth }))
    .thenMatches(t, [{ data: { kind: 'judicial_referral' } }], 'the head of both answers for both');
  given(twoUnits).when(impose({ officerId: 'O-RESP', kind: 'judicial_referral', capacity: 'responsible', effectiveOn: '2021-06-14', basis: 'x' }, { unitHeads }))
    .thenMatches(t, [{ data: { kind: 'judicial_referral' } }], 'someone responsible answers for the case as a whole');
});

t.test('what a review or appeal reduced or annulled is not imposed again in the same case', async (t) => {
  const dismissed = [...foundAs('serious'), sanctionImposed({ kind: 'dismissal', untilOn: null }), appealFiled({ filedOn: '2021-06-05' })];
  const reduced = [...dismissed, appealDecided({ outcome: 'reduced', replacementKind: 'criticism_education', decidedOn: '2021-06-10' })];
  const annulled = [...dismissed, appealDecided({ outcome: 'annulled', decidedOn: '2021-06-10' })];
  const upheld = [...dismissed, appealDecided({ outcome: 'upheld', decidedOn: '2021-06-10' })];
  const dismissal = { ...criticism, kind: 'dismissal' as const };
  given(reduced).when(impose(dismissal)).thenRefuses(t, 'sanction_settled_on_appeal', 'the kind the review reduced is not imposed again');
  given(reduced).when(impose(training)).thenRefuses(t, 'sanction_settled_on_appeal', 'nor any other on the same officer in the same capacity');
  given(annulled).when(impose(dismissal)).thenRefuses(t, 'sanction_settled_on_appeal', 'nor after an annulment');
  given(upheld).when(impose(training)).thenMatches(t, [{ type: 'SanctionImposed' }], 'an upheld sanction settles nothing more');
  given(upheld).when(impose(dismissal)).thenRefuses(t, 'sanction_already_imposed');
  given(reduced).when(impose({ ...criticism, officerId: 'O-HEAD', capacity: 'unit_head' })).thenMatches(t, [{ data: { officerId: 'O-HEAD' } }],
    'other officers, or other capacities, are not concerned');
});

t.test('a sanction that ends the officer\'s post is not dated before that post began', async (t) => {
  const onFines = { officer: { ...zhang, postId: 'P-FINES', postSince: '2021-06-05' }, toPost: posts.archive };
  const move = { ...criticism, kind: 'reassignment' as const, toPostId: 'P-ARCHIVE', effectiveOn: '2021-06-02' };
  given(found).when(impose(move, onFines)).thenRefuses(t, 'date_out_of_order', 'a reassignment before the current post began');
  given(found).when(impose({ ...move, effectiveOn: '2021-06-05' }, onFines)).thenMatches(t, [{ data: { kind: 'reassignment' } }], 'the day it began will do');
  given(found).when(impose({ ...criticism, kind: 'qualification_revoked', effectiveOn: '2021-06-02' }, onFines))
    .thenRefuses(t, 'date_out_of_order', 'a loss of qualification (off an enforcement post)');
  given(foundAs('serious')).when(impose({ ...criticism, kind: 'dismissal', effectiveOn: '2021-06-02' }, onFines)).thenRefuses(t, 'date_out_of_order', 'a dismissal');
  given(foundAs('serious')).when(impose({ ...criticism, kind: 'expulsion', effectiveOn: '2021-06-02' }, onFines)).thenRefuses(t, 'date_out_of_order', 'an expulsion');
  given(found).when(impose({ ...criticism, effectiveOn: '2021-06-02' }, onFines)).thenMatches(t, [{ type: 'SanctionImposed' }], 'criticism moves nobody');
  given(found).when(impose({ ...training, effectiveOn: '2021-06-02' }, onFines))
    .thenRefuses(t, 'date_out_of_order', 'nor an off-post training: the record would show the post taken while off post (HR cannot assign one then)');
  given(found).when(impose({ ...training, effectiveOn: '2021-06-05' }, onFines)).thenMatches(t, [{ type: 'SanctionImposed' }], 'a training from the day the post began');
  given(found).when(impose(move, { officer: { ...zhang, postId: null, postSince: null }, toPost: posts.archive }))
    .thenMatches(t, [{ type: 'SanctionImposed' }], 'an officer without a post has no history to protect');
});

t.test('a qualification is not revoked before it was granted', async (t) => {
  const renewed = { officer: { ...zhang, postId: null, postSince: null, qualifiedOn: '2021-06-04' } };
  const revoke = { ...criticism, kind: 'qualification_revoked' as const };
  given(found).when(impose({ ...revoke, effectiveOn: '2021-06-02' }, renewed)).thenRefuses(t, 'date_out_of_order', 'before the certificate held now was granted');
  given(found).when(impose({ ...revoke, effectiveOn: '2021-06-04' }, renewed)).thenMatches(t, [{ data: { kind: 'qualification_revoked' } }], 'the day of the grant will do');
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
  t.same(paths({ ...training, untilOn: undefined }), [], 'a training may leave its end open (API.md: optional)');
  t.same(paths({ ...criticism, untilOn: '2021-07-01' }), ['untilOn'], 'only a training has an end');
  t.same(paths({ ...criticism, kind: 'reassignment' }), [], 'a reassignment may name no post (API.md: optional)');
  t.same(paths({ ...criticism, toPostId: 'P-ARCHIVE' }), ['toPostId'], 'only a reassignment has a post');
  t.same(paths({ ...criticism, kind: 'demotion' }), ['kind'], 'kinds are the contract\'s codes');
  t.same(paths({ ...criticism, effectiveOn: '2021-02-30' }), ['effectiveOn'], 'a date that is not real');
  t.equal(ImposeSanctionInput.parse(criticism).capacity, 'subject', 'capacity defaults to subject');
});
