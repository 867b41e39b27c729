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
