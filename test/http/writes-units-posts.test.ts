import t from 'tap';
import { checkWriteRoute } from '../fixtures/write-route-checks.js';

t.test('POST /api/v1/units', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/units',
  allowed: ['hr', 'admin'],
  valid: async (_bureau, n) => ({ url: '/api/v1/units', body: { unitId: `U-NEW-${n}`, name: `新设中队${n}` } }),
  invalid: { body: (v) => ({ ...v.body, unitId: 'bad id with spaces' }), field: 'unitId' },
  refusal: async () => ({ url: '/api/v1/units', body: { unitId: 'U1', name: '重复' }, rule: 'unit_already_registered' }),
  written: (event, request) => {
    t.equal(event.type, 'UnitRegistered');
    t.equal(event.streamName, `unit-${String(request.body.unitId)}`);
  },
}));

t.test('POST /api/v1/units/{unitId}/head', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/units/{unitId}/head',
  allowed: ['hr', 'admin'],
  valid: async (bureau, n) => {
    await bureau.registerOfficer(`HEAD-${n}`, 'U2');
    return { url: '/api/v1/units/U2/head', body: { officerId: `HEAD-${n}`, effectiveOn: '2021-03-01' } };
  },
  invalid: { body: (v) => ({ ...v.body, effectiveOn: '2021-02-30' }), field: 'effectiveOn' },
  unknown: () => '/api/v1/units/NO-SUCH-UNIT/head',
  refusal: async () => ({ url: '/api/v1/units/U1/head', body: { officerId: 'H1', effectiveOn: '2021-01-01' }, rule: 'already_unit_head' }),
  written: (event) => t.equal(event.type, 'UnitHeadAppointed'),
}));

t.test('POST /api/v1/posts', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/posts',
  allowed: ['hr', 'admin'],
  valid: async (_bureau, n) => ({
    url: '/api/v1/posts',
    body: { postId: `P-NEW-${n}`, unitId: 'U2', title: `治超检测岗${n}`, enforcement: true, sensitive: true, rotationPeriodMonths: 60 },
  }),
  invalid: { body: (v) => ({ ...v.body, rotationPeriodMonths: undefined }), field: 'rotationPeriodMonths' },
  refusal: async () => ({
    url: '/api/v1/posts', body: { postId: 'P-X', unitId: 'NO-SUCH-UNIT', title: '岗位', enforcement: false, sensitive: false }, rule: 'unknown_unit',
  }),
  written: (event) => t.equal(event.type, 'PostDefined'),
}));
