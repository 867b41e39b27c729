import t from 'tap';
import { canonicalDigest } from '../../src/integrity/canonical.js';
import { dataDigest, eventHash } from '../../src/integrity/event-hash.js';
import { PROTECTED_FIELDS, redactData, redactEvent } from '../../src/integrity/protected-fields.js';

const reporter = { name: '王芳', contact: '13800001234', anonymous: false, salt: 'c0b3f6a2-6d1e-4c55-9d0e-1f6d3c1b2a90' };
const reported = {
  type: 'CaseReported',
  data: { caseId: 'c-1', subjects: [{ officerId: 'O1', unitId: 'U1' }], summary: '反映', reporter },
};

t.test('the reporter is the protected field of a case report', async (t) => {
  t.same(PROTECTED_FIELDS.CaseReported, ['reporter']);
});

t.test('redaction replaces the reporter by its digest and leaves all else alone', async (t) => {
  const redacted = redactEvent(reported);
  t.same(redacted.data.reporter, { $redacted: canonicalDigest(reporter) });
  t.equal(redacted.data.summary, '反映');
  t.notMatch(JSON.stringify(redacted), /王芳|13800001234/, 'no trace of the identity');
  t.same(reported.data.reporter, reporter, 'the original is not touched');
  t.same(redactEvent(redacted), redacted, 'redacting twice changes nothing');
});

t.test('nothing to protect: the event comes back as it was', async (t) => {
  const anonymousNone = { type: 'CaseReported', data: { ...reported.data, reporter: null } };
  t.equal(redactEvent(anonymousNone), anonymousNone);
  const other = { type: 'CaseClosed', data: { caseId: 'c-1', reporter: 'not protected here' } };
  t.equal(redactEvent(other), other);
  t.equal(redactData('CaseReported', { caseId: 'c-1' }).reporter, undefined);
});

t.test('the hash commits to the digest: the redacted event hashes like the clear one', async (t) => {
  const event = { streamName: 'case-c-1', revision: 0n, id: 'ABCDEF00-0000-4000-8000-000000000000', metadata: { actor: 'inspector-1' }, ...reported };
  const redacted = redactEvent(event);
  t.equal(dataDigest(redacted.type, redacted.data), dataDigest(event.type, event.data));
  t.equal(eventHash(redacted, null), eventHash(event, null));
  t.equal(eventHash({ ...event, id: event.id.toLowerCase() }, null), eventHash(event, null), 'ids compare without case');
  const otherReporter = { ...event, data: { ...event.data, reporter: { ...reporter, name: '李强' } } };
  t.not(eventHash(otherReporter, null), eventHash(event, null), 'changing the reporter changes the hash');
  t.not(eventHash({ ...event, revision: 1n }, null), eventHash(event, null), 'the revision is covered');
  t.not(eventHash({ ...event, streamName: 'case-c-2' }, null), eventHash(event, null), 'the stream is covered');
  t.not(eventHash(event, 'a'.repeat(64)), eventHash(event, null), 'the previous hash is covered');
  t.equal(eventHash({ ...event, metadata: { ...event.metadata, $hash: 'x', $prevHash: null } }, null), eventHash(event, null),
    'the chain fields themselves are left out');
});
