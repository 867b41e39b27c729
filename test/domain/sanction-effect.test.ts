import t from 'tap';
import { DecideAppealInput, ImposeSanctionInput } from '../../src/domain/case/commands.js';
import type { DecideAppeal, ImposeSanction } from '../../src/domain/case/decide.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { RuleCode } from '../../src/domain/rules.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import type { SanctionKind } from '../../src/domain/shared/codes.js';
import { at } from '../fixtures/domain-context.js';
import { CASE_ID, appealFiled, caseReported, findingRecorded, posts, sanctionImposed, verificationAssigned } from '../fixtures/domain-events.js';
import { specification } from '../fixtures/specification.js';

// A sanction imposed and the replacement a review or appeal decides take effect on the officer alike:
// the same effect on the same officer record is refused for the same reason by both.

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
// A serious breach, the officer expelled on 2 June and a review filed on 5 June.
const underReview = [
  caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }),
  sanctionImposed({ kind: 'expulsion', untilOn: null }), appealFiled(),
];
const onPatrol: OfficerFacts = {
  officerId: 'O-ZHANG', unitId: 'U-BRIGADE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }], hiredOn: '2015-07-01', inService: true,
  qualified: true, qualifiedOn: '2015-08-01', postId: 'P-PATROL', postSince: '2016-01-04', separatedOn: null, separatedBy: null, trainingSince: null,
};

interface Effect {
  kind: SanctionKind;
  on: string;
  toPostId?: string;
  untilOn?: string;
  toPost?: PostSnapshot | null;
  officer?: OfficerFacts;
}

function imposed(effect: Effect): ImposeSanction {
  const input = ImposeSanctionInput.parse({
    officerId: 'O-ZHANG', kind: effect.kind, effectiveOn: effect.on, basis: '违反六严禁第五项', toPostId: effect.toPostId, untilOn: effect.untilOn,
  });
  return { type: 'ImposeSanction', caseId: CASE_ID, sanctionId: 'S-9', input, officer: effect.officer ?? onPatrol, toPost: effect.toPost ?? null, unitHeads: {} };
}

function decidedAsReplacement(effect: Effect): DecideAppeal {
  const input = DecideAppealInput.parse({
    outcome: 'reduced', decidedOn: effect.on, replacementKind: effect.kind, toPostId: effect.toPostId, untilOn: effect.untilOn,
  });
  return { type: 'DecideAppeal', caseId: CASE_ID, appealId: 'A-1', input, toPost: effect.toPost ?? null, officer: effect.officer ?? onPatrol, unitHeads: {} };
}

const refusals: [string, Effect, RuleCode][] = [
  ['a move to a post the register does not know', { kind: 'reassignment', on: '2021-06-10', toPostId: 'P-NOWHERE', toPost: null }, 'unknown_post'],
  ['a move to an enforcement post', { kind: 'reassignment', on: '2021-06-10', toPostId: 'P-FINES', toPost: posts.fines }, 'reassignment_to_enforcement_post'],
  ['a move onto the post held', { kind: 'reassignment', on: '2021-06-10', toPostId: 'P-ARCHIVE', toPost: posts.archive, officer: { ...onPatrol, postId: 'P-ARCHIVE' } }, 'already_on_post'],
  ['a move dated before the post held began', { kind: 'reassignment', on: '2021-06-10', toPostId: 'P-ARCHIVE', toPost: posts.archive, officer: { ...onPatrol, postSince: '2021-06-12' } }, 'date_out_of_order'],
  ['a loss of qualification of someone not qualified', { kind: 'qualification_revoked', on: '2021-06-10', officer: { ...onPatrol, qualified: false, qualifiedOn: null } }, 'qualification_not_held'],
  ['a loss of qualification dated before its grant', { kind: 'qualification_revoked', on: '2021-06-10', officer: { ...onPatrol, qualifiedOn: '2021-06-12' } }, 'date_out_of_order'],
  [
    'a loss of qualification dated before the latest change of post, of someone not qualified now (the day comes first)',
    { kind: 'qualification_revoked', on: '2021-06-10', officer: { ...onPatrol, qualified: false, qualifiedOn: null, postId: null, postSince: '2021-06-12' } },
    'date_out_of_order',
  ],
  ['a training that ends the day it starts', { kind: 'off_post_training', on: '2021-06-10', untilOn: '2021-06-10' }, 'date_out_of_order'],
  ['a training dated before the post held began (the post taken while off post)', { kind: 'off_post_training', on: '2021-06-10', officer: { ...onPatrol, postSince: '2021-06-12' } }, 'date_out_of_order'],
  ['anything but a judicial referral once the officer left service by another sanction, whatever its day',
    { kind: 'off_post_training', on: '2021-06-10', officer: { ...onPatrol, inService: false, separatedOn: '2021-06-12', separatedBy: 'S-OTHER' } }, 'officer_separated'],
  ['a dismissal dated before an off-post training in progress began (it could never be completed)', { kind: 'dismissal', on: '2021-06-10', officer: { ...onPatrol, trainingSince: '2021-06-12' } }, 'date_out_of_order'],
];

t.test('imposed or decided as a replacement, an effect the officer cannot take is refused for the same reason', async (t) => {
  for (const [what, effect, rule] of refusals) {
    given(underReview).when(imposed(effect)).thenRefuses(t, rule, `imposed: ${what}`);
    given(underReview).when(decidedAsReplacement(effect)).thenRefuses(t, rule, `decided as a replacement: ${what}`);
  }
});

t.test('an effect the officer can take is accepted by both', async (t) => {
  const possible: Effect[] = [
    { kind: 'reassignment', on: '2021-06-10', toPostId: 'P-ARCHIVE', toPost: posts.archive },
    { kind: 'qualification_revoked', on: '2021-06-10' },
    { kind: 'off_post_training', on: '2021-06-10', untilOn: '2021-07-10' },
  ];
  for (const effect of possible) {
    given(underReview).when(imposed(effect)).thenMatches(t, [{ type: 'SanctionImposed', data: { kind: effect.kind, effectiveOn: effect.on } }]);
    given(underReview).when(decidedAsReplacement(effect)).thenMatches(t, [{ type: 'AppealDecided', data: { replacementKind: effect.kind, decidedOn: effect.on } }]);
  }
});

t.test('a replacement of the very sanction that ended service finds the officer reinstated by the decision', async (t) => {
  const expelledByIt = { ...onPatrol, inService: false, separatedOn: '2021-06-02', separatedBy: 'S-1' };
  given(underReview).when(decidedAsReplacement({ kind: 'off_post_training', on: '2021-06-10', officer: expelledByIt }))
    .thenMatches(t, [{ type: 'AppealDecided', data: { replacementKind: 'off_post_training' } }], 'the expulsion reduced to a training');
  given(underReview).when(decidedAsReplacement({ kind: 'off_post_training', on: '2021-06-10', officer: { ...expelledByIt, separatedBy: 'S-OTHER' } }))
    .thenRefuses(t, 'officer_separated', 'not when another sanction ended it');
});
