import t from 'tap';
import { unitDecider } from '../../src/domain/deciders.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { at, hr } from '../fixtures/domain-context.js';
import { officerRegistered, unitHeadAppointed, unitRegistered } from '../fixtures/domain-events.js';
import { fold, specification } from '../fixtures/specification.js';

const given = specification(unitDecider, () => at('2021-06-15T10:00', hr));

const newHead: OfficerFacts = { officerId: 'O-WANG', unitId: 'U-BRIGADE', hiredOn: '2010-03-01', inService: true, qualified: true, postId: null };

t.test('registering a unit', async (t) => {
  given([]).when({ type: 'RegisterUnit', input: { unitId: 'U-BRIGADE', name: '执法大队', headOfficerId: 'O-HEAD' } })
    .then(t, [{ type: 'UnitRegistered', data: { unitId: 'U-BRIGADE', name: '执法大队', headOfficerId: 'O-HEAD' } }]);
  given([]).when({ type: 'RegisterUnit', input: { unitId: 'U-OFFICE', name: '办公室' } })
    .then(t, [{ type: 'UnitRegistered', data: { unitId: 'U-OFFICE', name: '办公室', headOfficerId: null } }], 'a head is optional');
  given([unitRegistered()]).when({ type: 'RegisterUnit', input: { unitId: 'U-BRIGADE', name: '执法大队' } })
    .thenRefuses(t, 'unit_already_registered');
});

t.test('appointing the unit head', async (t) => {
  const appoint = (officer: OfficerFacts | null, effectiveOn = '2021-06-01', officerId = 'O-WANG') =>
    ({ type: 'AppointUnitHead' as const, unitId: 'U-BRIGADE', input: { officerId, effectiveOn }, officer });

  given([unitRegistered()]).when(appoint(newHead))
    .then(t, [{ type: 'UnitHeadAppointed', data: { unitId: 'U-BRIGADE', officerId: 'O-WANG', effectiveOn: '2021-06-01' } }]);
  given([]).when(appoint(newHead)).thenNotFound(t, 'unit');
  given([unitRegistered()]).when(appoint(null)).thenRefuses(t, 'unknown_officer');
  given([unitRegistered()]).when(appoint({ ...newHead, inService: false })).thenRefuses(t, 'officer_separated');
  given([unitRegistered()]).when(appoint({ ...newHead, officerId: 'O-HEAD' }, '2021-06-01', 'O-HEAD')).thenRefuses(t, 'already_unit_head');
  given([unitRegistered()]).when(appoint(newHead, '2021-06-16')).thenRefuses(t, 'date_in_future', 'not after today in the bureau zone');
  given([unitRegistered(), unitHeadAppointed('O-LIU', '2021-05-01')]).when(appoint(newHead, '2021-04-30'))
    .thenRefuses(t, 'date_out_of_order', 'not before the previous appointment');
  given([unitRegistered(), unitHeadAppointed('O-LIU', '2021-05-01')]).when(appoint(newHead, '2021-05-01'))
    .thenMatches(t, [{ type: 'UnitHeadAppointed' }], 'the same day as the previous appointment is fine');
});

t.test('the unit state follows its head', async (t) => {
  const state = fold(unitDecider, [unitRegistered(), unitHeadAppointed('O-WANG', '2021-06-01')]);
  t.match(state, { exists: true, headOfficerId: 'O-WANG', heads: [{ officerId: 'O-HEAD', since: null }, { officerId: 'O-WANG', since: '2021-06-01' }] });
  t.same(fold(unitDecider, [unitHeadAppointed('O-WANG')]), { exists: false }, 'an appointment without a unit changes nothing');
  t.match(fold(unitDecider, [unitRegistered('U-X', null)]), { headOfficerId: null, heads: [] });
  t.ok(officerRegistered());
});
