// Reading stored events back into the domain: a type the register does not know, or data of a
// schema version it cannot bring up to date, is refused with a typed error naming it, never
// passed on half-understood.
import t from 'tap';
import { CURRENT_SCHEMA_VERSION, UnknownEventError, isEventType, toDomainEvent } from '../../src/domain/event-catalogue.js';

t.test('an unknown event type is refused, by name', async (t) => {
  t.notOk(isEventType('CaseTeleported'));
  t.throws(() => toDomainEvent('CaseTeleported', {}), { name: 'UnknownEventError', message: /Unknown event type "CaseTeleported"/ });
  t.throws(() => toDomainEvent('toString', {}), UnknownEventError, 'inherited object keys are not event types');
});

t.test('data older than any version we can upcast is refused, naming type and version', async (t) => {
  const [type] = Object.keys(CURRENT_SCHEMA_VERSION);
  t.ok(type && isEventType(type));
  t.throws(() => toDomainEvent(type!, {}, 0), { name: 'UnknownEventError', message: new RegExp(`No upcaster for ${type} v0`) });
});

t.test('a field added later with a default: data written before it reads with the default', async (t) => {
  const post = { postId: 'P-FINES', unitId: 'U-BRIGADE', title: '罚没款管理岗', enforcement: true, sensitive: true, rotationPeriodMonths: 60 };
  const before = { officerId: 'O-LI', post, effectiveOn: '2021-06-01', reason: 'rotation', previousPostId: 'P-ARCHIVE' };
  t.match(toDomainEvent('OfficerAssigned', before), { data: { tenureSince: null } }, 'OfficerAssigned.tenureSince absent: a fresh tenure');
  t.match(toDomainEvent('OfficerAssigned', { ...before, tenureSince: '2017-03-01' }), { data: { tenureSince: '2017-03-01' } });
  t.equal(CURRENT_SCHEMA_VERSION.OfficerAssigned, 1, 'an optional field with a default needs no new schema version');
});
