import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { decodeAuditEntry, encodeAuditLine } from '../../src/integrity/audit-line.js';
import { exportLog, manifestPath, verifyExportFile } from '../../src/integrity/export-file.js';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { redactEvent } from '../../src/integrity/protected-fields.js';
import { SEAL_STREAM } from '../../src/integrity/seal-record.js';
import type { VerifyResult } from '../../src/integrity/verify.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory, readLog } from '../fixtures/integrity/history.js';
import { forge, rechain } from '../fixtures/integrity/tamper.js';

// An export, then the same export edited by hand (a text editor, a script over its lines): every
// edit is caught and located by line, reporter identity never appears, and the redacted file
// verifies offline just as the live log does.

const dir = t.testdir();
const store = await openSqliteEventStore({ path: join(dir, 'events.db') });
const history = await generateHistory(withHashChain(store), { units: 2, officersPerUnit: 4, cases: 14, sealAt: [0.5, 1], unsealedCases: 2 });
const log = await readLog(store);
const exported = join(dir, 'log.ndjson');
const manifest = await exportLog(store, exported);
await store.close();
const text = readFileSync(exported, 'utf8');
const lines = text.split('\n').slice(0, -1);
const [firstSeal, lastSeal] = history.seals;
const firstSealLine = lines.findIndex((line) => line.includes(`"root":"${firstSeal!.root}"`));
/** A line of this log's export back as its event (every event of it reads). */
function decodeAuditLine(text: string, line: number): RecordedEvent {
  const entry = decodeAuditEntry(text, line);
  if ('unreadable' in entry) throw new Error(`line ${line} stands for an unreadable event`);
  return entry;
}
const eventsOf = (stream: string) => log.filter((e) => e.streamName === stream);
const sealedCase = (n: number, skip = 0) => history.caseStreams.filter((stream) => {
  const events = eventsOf(stream);
  return events.length >= n && events.at(-1)!.position < firstSeal!.position;
})[skip]!;
const lineOf = (event: RecordedEvent) => lines.findIndex((line) => line.includes(`"id":"${event.id}"`)) + 1;
const location = (event: RecordedEvent) => ({
  stream: event.streamName, revision: event.revision.toString(), position: event.position.toString(), eventId: event.id, line: lineOf(event),
});

let edits = 0;
/** Writes an edited copy of the export (with a copy of its manifest unless told otherwise) and verifies it. */
async function verifyEdited(
  edit: (lines: string[]) => string[], options: { manifest?: boolean | ((file: string) => void); root?: string } = {},
): Promise<VerifyResult> {
  const file = join(dir, `edited-${(edits += 1)}.ndjson`);
  writeFileSync(file, edit([...lines]).map((line) => `${line}\n`).join(''));
  if (options.manifest !== false) writeFileSync(manifestPath(file), readFileSync(manifestPath(exported)));
  if (typeof options.manifest === 'function') options.manifest(file);
  return (await verifyExportFile(file, { root: options.root })).result;
}
function problemOf(t: { notOk(value: unknown, message: string): void }, result: VerifyResult) {
  t.notOk(result.ok, 'the edit is detected');
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}
const replaceLine = (lines: string[], event: RecordedEvent, change: (line: RecordedEvent) => void) => {
  const index = lineOf(event) - 1;
  const decoded = decodeAuditLine(lines[index]!, index + 1);
  change(decoded);
  lines[index] = encodeAuditLine(decoded).trimEnd();
  return lines;
};

t.test('an export never replaces an earlier one', async (t) => {
  const again = await openSqliteEventStore({ path: join(dir, 'events.db') });
  t.teardown(() => again.close());
  await t.rejects(exportLog(again, exported), { name: 'ExportExistsError', message: /already exists/ });
  t.equal(readFileSync(exported, 'utf8'), text, 'the file is untouched');
  t.same(JSON.parse(readFileSync(manifestPath(exported), 'utf8')), JSON.parse(JSON.stringify(manifest)), 'and so is its manifest');
  await t.rejects(exportLog(again, join(dir, 'no-such-folder', 'audit.ndjson')), { message: /^The folder .*no-such-folder does not exist: create it, or choose another --out$/ },
    'a folder that is not there is named');
});

t.test('an export that fails midway leaves nothing behind, and the next attempt succeeds', async (t) => {
  const again = await openSqliteEventStore({ path: join(dir, 'events.db') });
  t.teardown(() => again.close());
  // The store stops answering after a few events (a disk failing, a connection dropped).
  let given = 0;
  const failing = Object.create(again, {
    readAll: {
      value: (options: unknown) => (async function* () {
        for await (const event of again.readAll(options as never)) {
          if (++given > 5) throw new Error('the disk stopped answering');
          yield event;
        }
      })(),
    },
  }) as typeof again;
  const out = join(dir, 'failed.ndjson');
  await t.rejects(exportLog(failing, out), { message: 'the disk stopped answering' });
  t.same(readdirSync(dir).filter((name) => name.startsWith('failed.ndjson')), [], 'no file, no manifest, no .partial');
  await exportLog(again, out);
  t.equal(readFileSync(out, 'utf8'), text, 'the retry writes the whole export');
});

t.test('the export: every event, one audit line each, reporters redacted, with a manifest', async (t) => {
  t.equal(lines.length, log.length);
  t.match(manifest, { events: log.length, seals: 2, lastPosition: log.at(-1)!.position.toString(), latestSeal: { root: lastSeal!.root } });
  t.same(lines.map((line, i) => decodeAuditLine(line, i + 1)), log.map((event) => redactEvent(event)));
  const reporters = log.flatMap((e) => (e.type === 'CaseReported' && e.data.reporter ? [e.data.reporter as { name: string | null; contact: string | null }] : []));
  t.ok(reporters.some((r) => r.name !== null));
  for (const reporter of reporters) {
    if (reporter.name) t.notOk(text.includes(reporter.name), 'no reporter name in the file');
    if (reporter.contact) t.notOk(text.includes(reporter.contact), 'no reporter contact in the file');
  }
  t.match(text, /"reporter":\{"\$redacted":"[0-9a-f]{64}"\}/);
});

t.test('the untouched export verifies clean offline, against each published root', async (t) => {
  const { result, manifest: status } = await verifyExportFile(exported, { root: lastSeal!.root });
  t.equal(status.status, 'checked');
  t.match(result, { ok: true, events: log.length, seals: 2, matchedRoot: { root: lastSeal!.root } });
  t.ok((await verifyExportFile(exported, { root: firstSeal!.root })).result.ok);
  const withoutManifest = await verifyEdited((l) => l, { manifest: false });
  t.ok(withoutManifest.ok, 'the manifest is a convenience: the chains and seals stand on their own');
});

t.test('a manifest beside the file that cannot be read is a problem, not "no manifest"', async (t) => {
  for (const [label, content, reason] of [
    ['not JSON', '{', /cannot be read \(.*JSON/],
    ['not a manifest', '{"format":"something else"}', /cannot be read \(.*format/],
  ] as const) {
    const result = await verifyEdited((l) => l, { manifest: (file) => writeFileSync(manifestPath(file), content) });
    const problem = problemOf(t, result);
    t.match(problem, { kind: 'changed', stream: null, revision: null, position: null, eventId: null }, label);
    t.match(problem.detail, reason);
    t.match(problem.detail, /manifest beside the file .*could not be checked/);
    t.match(result, { events: log.length, seals: 2 }, 'the events themselves were verified');
  }
});

t.test('one field of one event changed', async (t) => {
  const target = eventsOf(sealedCase(3))[2]!;
  const result = await verifyEdited((l) => replaceLine(l, target, (e) => { e.data.summary = '情况不属实'; }));
  t.match(problemOf(t, result), { kind: 'changed', ...location(target) });
});

t.test('the redacted reporter digest changed', async (t) => {
  const target = log.find((e) => e.type === 'CaseReported' && e.data.reporter)!;
  const result = await verifyEdited((l) => replaceLine(l, target, (e) => { e.data.reporter = { $redacted: '0'.repeat(64) }; }));
  t.match(problemOf(t, result), { kind: 'changed', ...location(target) });
});

t.test('metadata changed', async (t) => {
  const target = eventsOf(sealedCase(3))[1]!;
  const result = await verifyEdited((l) => replaceLine(l, target, (e) => { e.metadata.recordedAt = '2023-01-01T00:00:00.000Z'; }));
  t.match(problemOf(t, result), { kind: 'changed', ...location(target) });
});

t.test('a line deleted in the middle of a stream', async (t) => {
  const stream = sealedCase(4);
  const target = eventsOf(stream)[1]!;
  const result = await verifyEdited((l) => l.filter((_, i) => i !== lineOf(target) - 1));
  t.match(problemOf(t, result), { kind: 'missing', stream, revision: '1' });
});

t.test('the last line of a sealed stream deleted', async (t) => {
  const stream = sealedCase(3, 1);
  const target = eventsOf(stream).at(-1)!;
  const result = await verifyEdited((l) => l.filter((_, i) => i !== lineOf(target) - 1));
  t.match(problemOf(t, result), { kind: 'missing', stream, revision: target.revision.toString(), seal: { root: firstSeal!.root } });
});

t.test('two lines swapped', async (t) => {
  const [, second, third] = eventsOf(sealedCase(4, 2));
  const result = await verifyEdited((l) => {
    const [i, j] = [lineOf(second!) - 1, lineOf(third!) - 1];
    [l[i], l[j]] = [l[j]!, l[i]!];
    return l;
  });
  const problem = problemOf(t, result);
  t.match(problem, { kind: 'reordered', stream: third!.streamName });
  t.ok([lineOf(second!), lineOf(third!)].includes(problem.line!), 'one of the two swapped lines is named');
});

t.test('a forged line with a correct-looking hash, later positions renumbered to make room', async (t) => {
  const head = eventsOf(sealedCase(3, 3)).at(-1)!;
  const forged = forge(head, 'EvidenceAttached', {
    caseId: head.data.caseId ?? '', evidenceId: 'e-forged', description: '补充材料', reference: null, sha256: null,
  }, head.position + 1n);
  const result = await verifyEdited((l) => {
    const at = lineOf(head);
    const later = l.slice(at).map((line, i) => {
      const decoded = decodeAuditLine(line, at + i + 1);
      decoded.position += 1n;
      return encodeAuditLine(decoded).trimEnd();
    });
    return [...l.slice(0, at), encodeAuditLine(forged).trimEnd(), ...later];
  });
  t.match(problemOf(t, result), {
    kind: 'inserted', stream: forged.streamName, revision: forged.revision.toString(), eventId: forged.id, line: lineOf(head) + 1,
  });
});

t.test('the file cut short after a seal', async (t) => {
  const cut = (l: string[]) => l.slice(0, firstSealLine + 1);
  t.match(problemOf(t, await verifyEdited(cut)), { kind: 'truncated' }, 'the manifest counts more events');
  t.match(problemOf(t, await verifyEdited(cut, { manifest: false, root: lastSeal!.root })), { kind: 'truncated' },
    'the published root of the later seal is not there');
  // Someone who also rewrites the manifest is stopped only by the published root.
  const forgedManifest = (file: string) => {
    const original = JSON.parse(readFileSync(manifestPath(exported), 'utf8')) as Record<string, unknown>;
    const kept = lines.slice(0, firstSealLine + 1);
    writeFileSync(manifestPath(file), JSON.stringify({ ...original, events: kept.length, lastPosition: decodeAuditLine(kept.at(-1)!, 1).position.toString(), latestSeal: null }));
  };
  const result = await verifyEdited(cut, { manifest: forgedManifest, root: lastSeal!.root });
  t.match(problemOf(t, result), { kind: 'truncated' });
});

t.test('a whole stream rewritten with a consistent chain', async (t) => {
  const stream = sealedCase(4, 4);
  const rewritten = structuredClone(log.map((e) => redactEvent(e)));
  for (const event of rewritten) {
    if (event.streamName === stream && event.type === 'CaseReported') event.data.summary = '无此事';
  }
  rechain(rewritten, stream);
  const result = await verifyEdited(() => rewritten.map((e) => encodeAuditLine(e).trimEnd()));
  const head = rewritten.filter((e) => e.streamName === stream).at(-1)!;
  t.match(problemOf(t, result), { kind: 'seal_mismatch', stream, revision: head.revision.toString(), eventId: head.id });
});

t.test('a line that is not an event any more', async (t) => {
  const result = await verifyEdited((l) => {
    l[4] = l[4]!.slice(0, 40);
    return l;
  });
  t.match(problemOf(t, result), { kind: 'changed', line: 5, stream: null });
});

t.test('bytes changed without changing any event: the manifest digest notices', async (t) => {
  const result = await verifyEdited((l) => l.map((line) => JSON.stringify(JSON.parse(line), null, 0).replace('{"position"', '{ "position"')));
  const problem = problemOf(t, result);
  t.match(problem, { kind: 'changed', stream: null });
  t.match(problem.detail, /sha256/);
});

t.test('the seal log\'s lines are found wherever they are', async (t) => {
  t.ok(lines.filter((line) => line.includes(`"streamName":"${SEAL_STREAM}"`)).length === 2);
});

t.test('a manifest that misstates the file it sits beside (its seals, latest seal, streams, first position) is named, the file untouched', async (t) => {
  const rewrite = (change: (manifest: Record<string, unknown>) => void) => (file: string) => {
    const edited = JSON.parse(readFileSync(manifestPath(file), 'utf8')) as Record<string, unknown>;
    change(edited);
    writeFileSync(manifestPath(file), JSON.stringify(edited));
  };
  const cases: [string, (manifest: Record<string, unknown>) => void, RegExp][] = [
    ['no seal at all', (m) => { m.latestSeal = null; }, /the manifest says latestSeal null, but the file holds \{"root":"[0-9a-f]{64}"/],
    ['the earlier seal as the latest', (m) => {
      m.latestSeal = { root: firstSeal!.root, position: firstSeal!.position.toString(), sealedAt: firstSeal!.sealedAt, upToPosition: firstSeal!.upToPosition!.toString() };
    }, /the manifest says latestSeal .* but the file holds/],
    ['fewer seals', (m) => { m.seals = 1; }, /the manifest says seals 1, but the file holds 2/],
    ['fewer streams', (m) => { m.streams = 3; }, /the manifest says streams 3, but the file holds \d+/],
    ['another first position', (m) => { m.firstPosition = '2'; }, /the manifest says firstPosition "2", but the file holds "1"/],
    ['unreadable events the file does not have', (m) => { m.unreadable = 2; }, /the manifest says unreadable 2, but the file holds 0/],
  ];
  for (const [label, change, detail] of cases) {
    const result = await verifyEdited((lines) => lines, { manifest: rewrite(change) });
    t.notOk(result.ok, `${label}: not OK`);
    t.match(!result.ok && result.problem, { kind: 'changed', stream: null, position: null, detail }, label);
  }
  t.match(await verifyEdited((lines) => lines), { ok: true }, 'the manifest as written still verifies');
});
