import t from 'tap';
import { unitDecider } from '../../src/domain/deciders.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { headOn } from '../../src/domain/unit/state.js';
import { at, hr } from '../fixtures/domain-context.js';
import { officerRegistered, unitHeadAppointed, unitRegistered } from '../fixtures/domain-events.js';
import { fold, specification } from '../fixtures/specification.js';

const given = specification(unitDecider, () => at('2021-06-15T10:00', hr));

const newHead: OfficerFacts = {
  officerId: 'O-WANG', unitId: 'U-BRIGADE', units: [{ from: '2010-03-01', unitId: 'U-BRIGADE' }], hiredOn: '2010-03-01', inService: true, qualified: true, qualifiedOn: '2015-08-01', postId: null, postSince: null, separatedOn: null, separatedBy: null, trainingSince: null,
};

t.test('registering a unit', async (t) => {
  given([]).when({ type: 'RegisterUnit', input: { unitId: 'U-BRIGADE', name: '执法大队', headOfficerId: 'O-HEAD' } })
    .then(t, [{ type: 'UnitRegistered', data: { unitId: 'U-BRIGADE', name: '执法大队', headOfficerId: 'O-HEAD' } }]);
  given([]).when({ type: 'RegisterUnit', input: { unitId: 'U-OFFICE', name: '办公室' } })
    .then(t, [{ type: 'UnitRegistered', data: { unitId: 'U-OFFICE', name: '办公室', headOfficerId: null } }], 'a head is optional');
  given([unitRegistered()]).when({ type: 'RegisterUnit', input: { unitId: 'U-BRIGADE', name: '执法大队' } })
    .thenRefuses(t, 'unit_already_registered');
  given([]).when({ type: 'RegisterUnit', input: { unitId: 'U-OFFICE', name: '办公室', headOfficerId: 'O-WANG' } }, at('2021-06-15T10:00', { ...hr, officerId: 'O-WANG' }))
    .thenForbidden(t, 'own_personnel_record', 'nobody names themselves its head');
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
  given([unitRegistered()]).when(appoint(newHead), at('2021-06-15T10:00', { ...hr, officerId: 'O-WANG' }))
    .thenForbidden(t, 'own_personnel_record', 'nobody appoints themselves (回避)');
});

t.test('the unit state follows its head', async (t) => {
  const state = fold(unitDecider, [unitRegistered(), unitHeadAppointed('O-WANG', '2021-06-01')]);
  t.match(state, { exists: true, headOfficerId: 'O-WANG', heads: [{ officerId: 'O-HEAD', since: null }, { officerId: 'O-WANG', since: '2021-06-01' }] });
  t.same(fold(unitDecider, [unitHeadAppointed('O-WANG')]), { exists: false }, 'an appointment without a unit changes nothing');
  t.match(fold(unitDecider, [unitRegistered('U-X', null)]), { headOfficerId: null, heads: [] });
  t.ok(officerRegistered());
});

t.test('the head on a day: the term that covers it, ended by the next appointment or the head leaving service', async (t) => {
  const unit = fold(unitDecider, [unitRegistered(), unitHeadAppointed('O-WANG', '2021-03-01'), unitHeadAppointed('O-LI', '2021-05-01')]);
  t.equal(headOn(unit, '2020-01-01'), 'O-HEAD', 'the head named at registration, from the start');
  t.equal(headOn(unit, '2021-02-28'), 'O-HEAD', 'until the day before the next appointment');
  t.equal(headOn(unit, '2021-03-01'), 'O-WANG', 'the appointment day is the new head\'s');
  t.equal(headOn(unit, '2021-04-30'), 'O-WANG');
  t.equal(headOn(unit, '2021-06-01'), 'O-LI', 'the latest head from their appointment on');
  t.equal(headOn(fold(unitDecider, [unitRegistered('U-OFFICE', null)]), '2021-06-01'), null, 'a unit without a head on record');
  t.equal(headOn(fold(unitDecider, [unitRegistered('U-OFFICE', null), unitHeadAppointed('O-LI', '2021-05-01', 'U-OFFICE')]), '2021-04-01'), null,
    'nor before its first head was appointed');
  t.equal(headOn(fold(unitDecider, []), '2021-06-01'), null, 'an unknown unit');

  const liDismissed = { 'O-LI': { hiredOn: '2016-09-01', separatedOn: '2021-06-02' } };
  t.equal(headOn(unit, '2021-06-02', liDismissed), 'O-LI', 'the day the dismissal took effect still counts');
  t.equal(headOn(unit, '2021-06-03', liDismissed), null, 'after it, the unit has no head until another is appointed');
  t.equal(headOn(unit, '2021-05-20', liDismissed), 'O-LI', 'a head who left service later was still the head then');
  t.equal(headOn(unit, '2007-01-01', { 'O-HEAD': { hiredOn: '2008-03-01', separatedOn: null } }), null, 'nobody heads a unit before being hired');
});
