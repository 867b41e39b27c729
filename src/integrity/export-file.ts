import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { decodeAuditEntry, encodeAuditLine } from './audit-line.js';
import { readAllGoingOn } from './read-all-going-on.js';
import { SEAL_EVENT_TYPE, SEAL_STREAM, SealRecorded } from './seal-record.js';
import type { UnreadableEvent } from './unreadable-event.js';
import { verifyLog, type VerifiableEvent, type VerifyProblem, type VerifyResult, type VerifySource } from './verify.js';

// An export: the whole log as NDJSON, one audit line per event (redacted, see audit-line.ts), and
// beside it FILE.manifest.json with the counts, the last position, the latest seal and a digest of
// the file. The manifest catches a file cut short or edited by mistake; against someone who edits
// both, the published seal root is what counts (verify --root). An event the store cannot read is
// exported as a line that says so, in its place (audit-line.ts), and the export goes on.

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

export const ExportManifest = z.object({
  format: z.literal('discipline-register-audit-log'),
  version: z.literal(1),
  exportedAt: z.string(),
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: hex64,
  /** Lines in the file: every event, those the store could not read included. */
  events: z.number().int().nonnegative(),
  /** Events the store holds but could not read, each exported as a line that says so (absent before they were). */
  unreadable: z.number().int().nonnegative().default(0),
  streams: z.number().int().nonnegative(),
  seals: z.number().int().nonnegative(),
  firstPosition: decimal.nullable(),
  lastPosition: decimal.nullable(),
  latestSeal: z.object({ root: hex64, position: decimal, sealedAt: z.string(), upToPosition: decimal.nullable() }).nullable(),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

export function manifestPath(file: string): string {
  return `${file}.manifest.json`;
}

/** What a manifest says of the events of its file, as the export counts them and a verification counts them again. */
export type ExportCounts = Pick<ExportManifest, 'events' | 'unreadable' | 'streams' | 'seals' | 'firstPosition' | 'lastPosition' | 'latestSeal'>;

/** Counts the events of an export, in file order, as its manifest records them. */
class ExportTally {
  private events = 0;
  private unreadable = 0;
  private readonly streams = new Set<string>();
  private seals = 0;
  private firstPosition: bigint | null = null;
  private lastPosition: bigint | null = null;
  private latestSeal: ExportManifest['latestSeal'] = null;

  add(event: RecordedEvent | UnreadableEvent): void {
    this.events += 1;
    this.firstPosition ??= event.position;
    this.lastPosition = event.position;
    if ('unreadable' in event) {
      this.unreadable += 1;
      // As its line reads back: an empty stream name is none (audit-line.ts).
      if (event.streamName) this.streams.add(event.streamName);
      return;
    }
    this.streams.add(event.streamName);
    if (event.streamName === SEAL_STREAM && event.type === SEAL_EVENT_TYPE) {
      const seal = SealRecorded.safeParse(event.data);
      if (seal.success) {
        this.seals += 1;
        this.latestSeal = {
          root: seal.data.root, position: event.position.toString(), sealedAt: seal.data.sealedAt, upToPosition: seal.data.upToPosition,
        };
      }
    }
  }

  counts(): ExportCounts {
    return {
      events: this.events,
      unreadable: this.unreadable,
      streams: this.streams.size,
      seals: this.seals,
      firstPosition: this.firstPosition?.toString() ?? null,
      lastPosition: this.lastPosition?.toString() ?? null,
      latestSeal: this.latestSeal,
    };
  }
}

/** An export is never written over an earlier one: once handed out, a file is evidence. */
export class ExportExistsError extends Error {
  override readonly name = 'ExportExistsError';
}

/** Writes the log as it stands now (up to the head position when the export starts). */
export async function exportLog(store: EventStore, file: string, options: { now?: () => Date } = {}): Promise<ExportManifest> {
  for (const existing of [file, manifestPath(file)]) {
    if (existsSync(existing)) throw new ExportExistsError(`${existing} already exists: an export never replaces another; choose another --out or move it aside`);
  }
  // Said before anything is read, rather than as the ENOENT of the temporary file written beside it.
  if (!existsSync(dirname(resolve(file)))) throw new Error(`The folder ${dirname(resolve(file))} does not exist: create it, or choose another --out`);
  const head = await store.headPosition();
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  const digest = createHash('sha256');
  const tally = new ExportTally();
  let bytes = 0;
  let chunk: string[] = [];
  let chunkLength = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const buffer = Buffer.from(chunk.join(''), 'utf8');
    digest.update(buffer);
    bytes += buffer.length;
    await handle.write(buffer);
    chunk = [];
    chunkLength = 0;
  };
  try {
    if (head !== null) {
      for await (const event of readAllGoingOn(store, { fromPosition: 'start' })) {
        if (event.position > head) break;
        const line = encodeAuditLine(event);
        chunk.push(line);
        chunkLength += line.length;
        if (chunkLength >= 1 << 20) await flush();
        tally.add(event);
      }
    }
    await flush();
    await handle.sync();
  } catch (error) {
    // Nothing half written stays behind: the next attempt starts clean.
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, file);
  const manifest: ExportManifest = {
    format: 'discipline-register-audit-log',
    version: 1,
    exportedAt: (options.now ?? (() => new Date()))().toISOString(),
    file: basename(file),
    bytes,
    sha256: digest.digest('hex'),
    ...tally.counts(),
  };
  // Durable like the file it describes: written whole beside it, synced, then put in place.
  const manifestPartial = `${manifestPath(file)}.partial`;
  await writeFile(manifestPartial, `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
  await rename(manifestPartial, manifestPath(file));
  return manifest;
}

export interface ExportFileSource extends VerifySource {
  /** The digest and size of the bytes read by the last events() pass, and its events counted as a manifest counts them (when it read every line). */
  readonly read: { sha256: string; bytes: number; counts: ExportCounts } | undefined;
}

/** An export file as a verification source (streamed: the file is never held in memory). */
export function exportFileSource(file: string): ExportFileSource {
  let read: ExportFileSource['read'];
  async function* lines(onChunk?: (chunk: Buffer) => void): AsyncGenerator<{ text: string; line: number }> {
    const input = createReadStream(file);
    if (onChunk) input.on('data', (chunk) => onChunk(chunk as Buffer));
    const reader = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    try {
      for await (const text of reader) {
        line += 1;
        if (text.trim() !== '') yield { text, line };
      }
    } finally {
      reader.close();
      input.destroy();
    }
  }
  return {
    redacted: true,
    get read() {
      return read;
    },
    async *seals(): AsyncGenerator<VerifiableEvent> {
      for await (const { text, line } of lines()) {
        // A quick filter: the second pass checks that every seal-log event was seen here.
        if (!text.includes(SEAL_STREAM) && !text.includes(SEAL_EVENT_TYPE)) continue;
        try {
          const entry = decodeAuditEntry(text, line);
          if (!('unreadable' in entry)) yield { ...entry, line };
        } catch {
          // Reported in place by the second pass.
        }
      }
    },
    async *events(): AsyncGenerator<VerifiableEvent | UnreadableEvent> {
      const digest = createHash('sha256');
      const tally = new ExportTally();
      let bytes = 0;
      for await (const { text, line } of lines((chunk) => {
        digest.update(chunk);
        bytes += chunk.length;
      })) {
        const entry = decodeAuditEntry(text, line);
        tally.add(entry);
        yield { ...entry, line };
      }
      read = { sha256: digest.digest('hex'), bytes, counts: tally.counts() };
    },
  };
}

/** The export's manifest: read and checked against the file, not beside it, or beside it but unreadable (a problem). */
export type ManifestStatus =
  | { status: 'checked'; manifest: ExportManifest }
  | { status: 'absent' }
  | { status: 'invalid'; reason: string };

/** The manifest's status as reported (verify --json): where it is and whether it could be read and checked. */
export function describeManifest(file: string, status: ManifestStatus): { status: ManifestStatus['status']; file: string; reason?: string } {
  return { status: status.status, file: manifestPath(file), ...(status.status === 'invalid' ? { reason: status.reason } : {}) };
}

export function readManifest(file: string): ManifestStatus {
  const path = manifestPath(file);
  if (!existsSync(path)) return { status: 'absent' };
  try {
    const parsed = ExportManifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return { status: 'invalid', reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
    return { status: 'checked', manifest: parsed.data };
  } catch (error) {
    return { status: 'invalid', reason: (error as Error).message };
  }
}

/** Verifies an export file offline: its chains and seals, its manifest if present, and a published root. */
export async function verifyExportFile(file: string, options: { root?: string } = {}): Promise<{ result: VerifyResult; manifest: ManifestStatus }> {
  const manifest = readManifest(file);
  const source = exportFileSource(file);
  const expected = manifest.status === 'checked'
    ? {
        events: manifest.manifest.events,
        lastPosition: manifest.manifest.lastPosition,
        latestSealRoot: manifest.manifest.latestSeal?.root ?? null,
        source: `the manifest (${basename(manifestPath(file))})`,
      }
    : undefined;
  let result = await verifyLog(source, { root: options.root, expected });
  if (manifest.status === 'invalid') {
    // Beside the file but not a manifest that can be read: what it promises (the counts, the last
    // position, the latest seal, the file's digest) cannot be checked. Damaged or altered: a problem,
    // never a silent "no manifest".
    result = withProblem(result, {
      kind: 'changed', stream: null, revision: null, position: null, eventId: null,
      detail: `the manifest beside the file (${basename(manifestPath(file))}) cannot be read (${manifest.reason}): `
        + 'the counts, the last position, the latest seal and the digest it records could not be checked',
    });
  }
  const read = source.read;
  if (manifest.status === 'checked' && read && read.sha256 !== manifest.manifest.sha256) {
    result = withProblem(result, {
      kind: 'changed', stream: null, revision: null, position: null, eventId: null,
      detail: `the file's bytes differ from the export (sha256 ${read.sha256}, ${read.bytes} bytes; the manifest says ${manifest.manifest.sha256}, ${manifest.manifest.bytes} bytes)`,
    });
  }
  if (manifest.status === 'checked' && read) {
    // The events and the last position are held against the log by the verifier itself (expected).
    const promised = manifest.manifest;
    const counted = read.counts;
    for (const field of ['unreadable', 'streams', 'seals', 'firstPosition', 'latestSeal'] as const) {
      const [says, holds] = [JSON.stringify(promised[field]), JSON.stringify(counted[field])];
      if (says === holds) continue;
      result = withProblem(result, {
        kind: 'changed', stream: null, revision: null, position: null, eventId: null,
        detail: `the manifest says ${field} ${says}, but the file holds ${holds}: the manifest does not describe this file`,
      });
    }
  }
  return { result, manifest };
}

function withProblem(result: VerifyResult, problem: VerifyProblem): VerifyResult {
  const { ok: _ok, ...summary } = result;
  if (result.ok) {
    const { matchedRoot: _matched, ...rest } = summary as typeof summary & { matchedRoot?: unknown };
    return { ...rest, ok: false, problem, problems: [problem] };
  }
  return { ...result, problems: [...result.problems, problem] };
}
