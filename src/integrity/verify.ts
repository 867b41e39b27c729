import type { RecordedEvent } from '../store/event-store.js';
import { AuditLineError } from './audit-line.js';
import { chainLink, eventHash, type ChainLink } from './event-hash.js';
import type { UnreadableEvent } from './unreadable-event.js';
import { own } from '../domain/shared/own.js';
import { isRedactionMarker, PROTECTED_FIELDS } from './protected-fields.js';
import {
  compareStreams, headsRoot, LogOrderDigest, SEAL_EVENT_TYPE, SEAL_STREAM, SealRecorded, sealRoot, type HeadLeaf,
} from './seal-record.js';

// The verifier: recomputes every stream's hash chain and every seal from the events alone, as they
// come from the live store (readAll) or from an export file, and names the first thing wrong.
//
// Two passes: the first reads only the seal log, so the second knows where each seal's coverage
// ends and can compare the heads of every stream at exactly that point, while keeping no more than
// one head per stream in memory. Chains catch edits, deletions in the middle, swaps and forgeries
// that do not link; seals catch what a consistent rewrite of a chain or of a stream's end hides;
// a published root (or an export's manifest) catches a log cut short after a seal.

export type ProblemKind = 'changed' | 'missing' | 'reordered' | 'inserted' | 'seal_mismatch' | 'truncated';

export interface VerifyProblem {
  kind: ProblemKind;
  /** What is wrong, in words, naming the events involved. */
  detail: string;
  /** The broken (or missing) event; null when the problem is about the log as a whole. */
  stream: string | null;
  revision: string | null;
  /** Null for an event that is missing. */
  position: string | null;
  eventId: string | null;
  /** Line of the export file, when verifying one. */
  line?: number;
  /** The seal that revealed the problem, when a seal did. */
  seal?: { position: string; root: string };
}

export interface VerifiedSeal {
  root: string;
  position: string;
  upToPosition: string | null;
  sealedAt: string;
}

export interface VerifySummary {
  events: number;
  streams: number;
  /** Seals recomputed and found to match. */
  seals: number;
  latestSeal: VerifiedSeal | null;
  /** Events after the latest seal's coverage (seals aside): protected by their chains only, until sealed. */
  unsealedEvents: number;
  lastPosition: string | null;
  /** With a published root to check: whether the log holds a seal with that root at all. */
  rootInLog?: boolean;
}

export type VerifyResult =
  | ({ ok: true; matchedRoot?: VerifiedSeal } & VerifySummary)
  | ({ ok: false; problem: VerifyProblem; problems: VerifyProblem[] } & VerifySummary);

export interface VerifiableEvent extends RecordedEvent {
  line?: number;
}


/** What the store holds up to where the source read: every row of it must have been read. */
export interface SourceTally {
  events: number;
  /** How many events each stream holds. */
  streams: Iterable<readonly [stream: string, events: number]>;
  /** What keeps the store append-only in its own file and is not as the register made it (the embedded store's triggers and table). */
  guardChanges?: readonly string[];
  /** The last position the store ever numbered and its last event (the embedded store, read at one moment). */
  numbered?: { upTo: bigint | null; lastEvent: bigint | null };
}

function isUnreadable(item: VerifiableEvent | UnreadableEvent): item is UnreadableEvent {
  return (item as Partial<UnreadableEvent>).unreadable === true;
}

export interface VerifySource {
  /** The seal log's events (a short first pass). May yield other events: they are ignored. */
  seals(): AsyncIterable<VerifiableEvent>;
  /** Every event, in log order; a stored event that cannot be read comes as an UnreadableEvent. */
  events(): AsyncIterable<VerifiableEvent | UnreadableEvent>;
  /**
   * Called once events() is done: what the store holds up to where it read (the embedded store
   * counts its table's rows, in all and by stream). A row events() did not yield is reported.
   */
  tally?(): Promise<SourceTally>;
  /**
   * Positions run 1, 2, 3... with no gap (the embedded store: SQLite numbers its events itself and
   * a commit that fails takes no number), so a gap is an event removed. Not EventStoreDB's positions.
   */
  readonly denseLog?: boolean;
  /**
   * The store never writes an event below this position (1 on the embedded store, whose source
   * reads its table whatever the positions): an event below it was written around the store.
   */
  readonly firstPosition?: bigint;
  /** Protected fields may stand redacted (an export); in the live log they hold the value itself. */
  readonly redacted?: boolean;
}

/** What an export's manifest promises about the file. */
export interface ExpectedLog {
  events: number;
  lastPosition: string | null;
  latestSealRoot: string | null;
  /** Who promised it, for the messages: e.g. "the manifest". */
  source: string;
}

export interface VerifyOptions {
  /** A published seal root (64 hex): a seal with this root must be in the log and match it. */
  root?: string;
  expected?: ExpectedLog;
  /** How many problems to keep (the first is what matters). */
  maxProblems?: number;
}

export async function verifyLog(source: VerifySource, options: VerifyOptions = {}): Promise<VerifyResult> {
  const seals: SealEntry[] = [];
  try {
    for await (const event of source.seals()) {
      if (event.streamName === SEAL_STREAM) seals.push(toSealEntry(event));
    }
  } catch (error) {
    if (!(error instanceof AuditLineError)) throw error;
    // The second pass meets the same broken line and reports it in place.
  }
  seals.sort((a, b) => (a.event.position < b.event.position ? -1 : a.event.position > b.event.position ? 1 : 0));
  const verifier = new Verifier(seals, options.maxProblems ?? 100, {
    denseLog: source.denseLog ?? false, redacted: source.redacted ?? false, tallied: source.tally !== undefined, firstPosition: source.firstPosition ?? null,
  });
  try {
    for await (const item of source.events()) {
      if (isUnreadable(item)) verifier.onUnreadable(item);
      else verifier.onEvent(item);
    }
  } catch (error) {
    if (!(error instanceof AuditLineError)) throw error;
    verifier.onUnreadableLine(error);
  }
  const tally = source.tally ? await source.tally() : undefined;
  return verifier.finish(options, tally);
}

interface SealEntry {
  event: VerifiableEvent;
  data: SealRecorded | null;
  /** Its own hash matches its content: safe to use as a checkpoint. */
  usable: boolean;
  coversUpTo: bigint;
  seenInLog: boolean;
}

function toSealEntry(event: VerifiableEvent): SealEntry {
  const parsed = event.type === SEAL_EVENT_TYPE ? SealRecorded.safeParse(event.data) : undefined;
  const link = chainLink(event.metadata);
  const data = parsed?.success ? parsed.data : null;
  const usable = data !== null && link !== undefined && safeHash(event, link.previousHash) === link.hash;
  const coversUpTo = data?.upToPosition == null ? -1n : BigInt(data.upToPosition);
  return { event, data, usable, coversUpTo, seenInLog: false };
}

function safeHash(event: RecordedEvent, previousHash: string | null): string | undefined {
  try {
    return eventHash(event, previousHash);
  } catch {
    return undefined; // not canonical JSON (e.g. a number too large for JSON): cannot match any hash
  }
}

interface Head {
  revision: bigint;
  hash: string;
  previousHash: string | null;
  position: bigint;
  id: string;
  line?: number;
  /** An event that could not be read (reported): its successor is taken as linking to it. */
  unreadable?: boolean;
}

interface RecordedProblem {
  problem: VerifyProblem;
  /** Where in log order it belongs: problems are reported in this order. */
  sortKey: bigint;
  sequence: number;
}

const END_OF_LOG = 2n ** 256n;
/** How far from its stored revision a moved event's original revision is searched for. */
const MOVE_WINDOW = 16n;

class Verifier {
  private readonly heads = new Map<string, Head>();
  /** The order of the events since the last seal crossed (a seal's logDigest). */
  private readonly order = new LogOrderDigest();
  private readonly problems: RecordedProblem[] = [];
  private readonly gaps = new Map<string, { from: bigint; to: bigint; early: Head; entry: RecordedProblem }>();
  private readonly forks = new Map<string, { first: Head; second: Head; entry: RecordedProblem }>();
  private readonly crossing: SealEntry[];
  private nextCrossing = 0;
  private previousSeal: { root: string; coversUpTo: bigint } | null = null;
  private readonly checked: VerifiedSeal[] = [];
  private lastPosition: bigint | null = null;
  private count = 0;
  /** Events below the store's first position (counted, but outside every seal). */
  private belowFirst = 0;
  /** Events read by stream, to hold against the source's tally. */
  private readonly readByStream: Map<string, number> | null;
  private unsealed = 0;
  private sequence = 0;
  private readonly lastCoverage: bigint | null;

  private readonly sealsByPosition: Map<bigint, SealEntry>;

  constructor(
    private readonly seals: SealEntry[],
    private readonly maxProblems: number,
    private readonly source: { denseLog: boolean; redacted: boolean; tallied: boolean; firstPosition: bigint | null },
  ) {
    this.readByStream = source.tallied ? new Map() : null;
    this.sealsByPosition = new Map(seals.map((seal) => [seal.event.position, seal]));
    // Every well-formed seal is crossed, so the next one's changes are counted from the right place;
    // one whose own hash fails is not trusted for anything more (its event is reported where it is).
    this.crossing = seals.filter((seal) => seal.data !== null);
    const latest = seals.filter((seal) => seal.usable).at(-1);
    this.lastCoverage = latest ? latest.coversUpTo : null;
  }

  onEvent(event: VerifiableEvent): void {
    this.tallied(event.streamName);
    if (this.isBelowFirstPosition(event.position)) {
      this.reportBelowFirstPosition(at(event), describe(event), event.position);
      return;
    }
    this.place(event.position, at(event));
    this.count += 1;
    this.order.add(event.position, chainLink(event.metadata)?.hash);
    if (!this.source.redacted) this.checkNotRedacted(event);
    if (event.streamName !== SEAL_STREAM && (this.lastCoverage === null || event.position > this.lastCoverage)) this.unsealed += 1;
    this.checkChain(event);
    if (event.streamName === SEAL_STREAM) this.checkSealEvent(event);
    else if (event.type === SEAL_EVENT_TYPE) {
      this.report('inserted', at(event), `a ${SEAL_EVENT_TYPE} event outside the seal log "${SEAL_STREAM}"`);
    }
  }

  /**
   * A stored event that cannot be read: reported as changed where it is. It still takes its place
   * in the log (positions, seals' counts and order), and its stream goes on from it.
   */
  onUnreadable(event: UnreadableEvent): void {
    this.tallied(event.tallyStream ?? event.streamName ?? '');
    const location = {
      stream: event.streamName, revision: event.revision?.toString() ?? null, position: event.position.toString(), eventId: event.id,
      ...(event.line !== undefined ? { line: event.line } : {}),
    };
    const revisionOf = event.streamName === null ? '' : ` (${event.revision === null ? '' : `revision ${event.revision} of `}"${event.streamName}")`;
    const what = `the event at position ${event.position}${revisionOf}`;
    if (this.isBelowFirstPosition(event.position)) {
      this.reportBelowFirstPosition(location, `${what}, which cannot be read (${event.reason}),`, event.position);
      return;
    }
    this.place(event.position, location);
    this.count += 1;
    this.order.add(event.position, event.link?.hash);
    if (event.streamName !== SEAL_STREAM && (this.lastCoverage === null || event.position > this.lastCoverage)) this.unsealed += 1;
    this.report('changed', location, `${what} cannot be read: ${event.reason}: it was altered in storage`);
    if (event.streamName !== null && event.revision !== null) {
      const head = this.heads.get(event.streamName);
      if (!head || event.revision > head.revision) {
        this.heads.set(event.streamName, {
          revision: event.revision, hash: event.link?.hash ?? '', previousHash: event.link?.previousHash ?? null,
          position: event.position, id: event.id ?? '', unreadable: event.link === undefined,
        });
      }
    }
  }

  /** Where an event stands in log order: after the one before it, with no gap in a dense log. */
  private place(position: bigint, location: Omit<VerifyProblem, 'kind' | 'detail'>): void {
    if (this.lastPosition !== null && position <= this.lastPosition) {
      this.report(position === this.lastPosition ? 'inserted' : 'reordered', location,
        `position ${position} comes after position ${this.lastPosition}: the log is not in position order`);
      return;
    }
    if (this.source.denseLog) this.checkNoGapBefore(position);
    this.crossSealsBefore(position);
    this.lastPosition = position;
  }

  private isBelowFirstPosition(position: bigint): boolean {
    return this.source.firstPosition !== null && position < this.source.firstPosition;
  }

  /**
   * The store never writes below its first position (1): such an event was written around it.
   * Reading the log by position from there (seals, the audit stream, exports) never meets it, while
   * reading its stream by revision does. Counted among the events read, but no part of any chain or
   * seal.
   */
  private reportBelowFirstPosition(location: Omit<VerifyProblem, 'kind' | 'detail'>, what: string, position: bigint): void {
    this.count += 1;
    this.belowFirst += 1;
    this.report('inserted', location,
      `${what} is at position ${position}, below ${this.source.firstPosition}, where the store never writes an event: it was written around the register, `
      + 'out of sight of the seals, the audit stream and exports, though reading its stream by revision meets it');
  }

  private tallied(stream: string): void {
    if (this.readByStream) this.readByStream.set(stream, (this.readByStream.get(stream) ?? 0) + 1);
  }

  /**
   * In a log numbered without gaps, the positions skipped before this event held events removed
   * since. Listed after the problems the chains and seals name (they say which stream lost what):
   * a gap is the only trace of the newest event of a stream, or of the latest seal, removed.
   */
  private checkNoGapBefore(position: bigint): void {
    const expected = this.lastPosition === null ? 1n : this.lastPosition + 1n;
    if (position <= expected) return;
    const missing = position - expected;
    const range = missing === 1n ? `position ${expected} holds` : `positions ${expected} to ${position - 1n} hold`;
    this.report('missing', { stream: null, revision: null, position: null, eventId: null },
      `${range} no event, though the store numbers its events without gaps: ${missing} event(s) removed before position ${position}`, END_OF_LOG);
  }

  /** A protected field in its redacted form belongs in exports only: in the live log the value was replaced. */
  private checkNotRedacted(event: VerifiableEvent): void {
    for (const field of own(PROTECTED_FIELDS, event.type) ?? []) {
      if (isRedactionMarker(event.data[field])) {
        this.report('changed', at(event), `its ${field} was replaced by its digest: the live log keeps the value itself (only exports redact it)`);
      }
    }
  }

  /** A line of an export that cannot be read: the rest of the file cannot be trusted to be in step. */
  onUnreadableLine(error: AuditLineError): void {
    this.report('changed', { stream: null, revision: null, position: null, eventId: null, line: error.line },
      `unreadable ${error.message}; verification stopped there`, (this.lastPosition ?? -1n) + 1n);
  }

  // ---- hash chains ------------------------------------------------------------------------------

  private checkChain(event: VerifiableEvent): void {
    const stream = event.streamName;
    const link = chainLink(event.metadata);
    this.resolveFork(stream, link);
    if (this.resolveGap(event)) return;
    const head = this.heads.get(stream);
    if (!link) {
      this.report('changed', at(event), 'it carries no valid $hash / $prevHash: its metadata was altered or it was written around the register');
      const computed = safeHash(event, head?.hash ?? null) ?? '';
      this.advance(event, { hash: computed, previousHash: head?.hash ?? null });
      return;
    }
    const selfConsistent = safeHash(event, link.previousHash) === link.hash;
    const expectedRevision = head ? head.revision + 1n : 0n;
    // After an event that could not be read (reported as such), its hash is unknown: the next
    // revision, consistent in itself, is taken as following it.
    const expectedPrevious = head ? (head.unreadable ? link.previousHash : head.hash) : null;
    if (selfConsistent && event.revision === expectedRevision && link.previousHash === expectedPrevious) {
      this.advance(event, link);
      return;
    }
    const where = describe(event);

    if (!selfConsistent) {
      const original = originalRevision(event, link);
      if (original === undefined) {
        this.report('changed', at(event), `${where} does not match its hash: its data, type, id or metadata was altered`);
        if (event.revision >= expectedRevision) this.advance(event, link);
        return;
      }
      if (head && original === head.revision && link.previousHash === head.previousHash) {
        this.report('inserted', at(head, stream),
          `${describe(head, stream)} took the place of ${where}, which was hashed as revision ${original} and renumbered`);
        this.advance(event, link);
        return;
      }
      this.report('reordered', at(event), `${where} was hashed as revision ${original}: it was moved`);
      if (event.revision >= expectedRevision) this.advance(event, link);
      return;
    }

    if (event.revision > expectedRevision) {
      const missing = expectedRevision === event.revision - 1n ? `revision ${expectedRevision}` : `revisions ${expectedRevision}-${event.revision - 1n}`;
      const entry = this.report('missing', { stream, revision: expectedRevision.toString(), position: null, eventId: null, line: event.line },
        `${missing} of "${stream}" ${expectedRevision === event.revision - 1n ? 'is' : 'are'} missing: ${where} follows ${head ? `revision ${head.revision}` : 'nothing'}`,
        event.position);
      if (entry) this.gaps.set(stream, { from: expectedRevision, to: event.revision - 1n, early: toHead(event, link), entry });
      this.advance(event, link);
      return;
    }
    if (head && event.revision === expectedRevision && link.previousHash === head.previousHash) {
      this.fork(head, event, link);
      return;
    }
    if (event.revision === expectedRevision) {
      if (head) {
        // The head verified on its own, but its successor remembers another version of it: the head
        // was altered and its hash recomputed.
        this.report('changed', at(head, stream),
          `${describe(head, stream)} was altered and its hash recomputed: ${where} links to a different version of it`,
          head.position);
      } else {
        this.report('inserted', at(event), `${where} claims a predecessor, but it is the first event of its stream`);
      }
      this.advance(event, link);
      return;
    }
    // An event at or below the head's revision.
    if (head && link.hash === head.hash) {
      this.report('inserted', at(event), `${where} is a second copy of revision ${head.revision}`);
    } else if (head && event.revision === head.revision && link.previousHash === head.previousHash) {
      this.fork(head, event, link);
    } else {
      this.report('reordered', at(event), `${where} comes after revision ${head?.revision} of its stream`);
    }
  }

  /** Two events claim the same predecessor. Blame the later one unless the stream goes on from it. */
  private fork(first: Head, event: VerifiableEvent, link: ChainLink): void {
    const entry = this.report('inserted', at(event),
      `${describe(event)} and ${describe(first, event.streamName)} both follow the same event: one of them was slipped in`);
    if (entry) this.forks.set(event.streamName, { first, second: toHead(event, link), entry });
  }

  private resolveFork(stream: string, link: ChainLink | undefined): void {
    const fork = this.forks.get(stream);
    if (!fork || !link) return;
    this.forks.delete(stream);
    if (link.previousHash === fork.second.hash && link.previousHash !== fork.first.hash) {
      // The stream goes on from the second: the first was the forgery.
      fork.entry.problem = {
        kind: 'inserted',
        ...at(fork.first, stream),
        detail: `${describe(fork.first, stream)} was slipped in: the stream goes on from ${describe(fork.second, stream)}, which claims the same place`,
      };
      fork.entry.sortKey = fork.first.position;
      this.heads.set(stream, fork.second);
    }
  }

  /** An event that fills an earlier gap: the gap was a swap, not a deletion. */
  private resolveGap(event: VerifiableEvent): boolean {
    const gap = this.gaps.get(event.streamName);
    if (!gap || event.revision < gap.from || event.revision > gap.to) return false;
    this.gaps.delete(event.streamName);
    gap.entry.problem = {
      kind: 'reordered',
      ...at(gap.early, event.streamName),
      detail: `${describe(gap.early, event.streamName)} comes before ${describe(event)}: the events were swapped`,
    };
    gap.entry.sortKey = gap.early.position;
    return true;
  }

  private advance(event: VerifiableEvent, link: ChainLink): void {
    this.heads.set(event.streamName, toHead(event, link));
  }

  // ---- seals ------------------------------------------------------------------------------------

  private crossSealsBefore(position: bigint): void {
    while (this.nextCrossing < this.crossing.length) {
      const seal = this.crossing[this.nextCrossing]!;
      if (seal.coversUpTo >= position) return;
      this.nextCrossing += 1;
      this.checkSeal(seal);
    }
  }

  /** Called when the log has been read up to the seal's coverage: the heads are as they were then. */
  private checkSeal(seal: SealEntry): void {
    const data = seal.data!;
    const order = this.order.take();
    if (!seal.usable) {
      this.previousSeal = { root: data.root, coversUpTo: seal.coversUpTo };
      return;
    }
    const sealRef = { position: seal.event.position.toString(), root: data.root };
    const atSeal = { ...at(seal.event), seal: sealRef };
    const found = this.problems.length;
    const report = (kind: ProblemKind, location: Omit<VerifyProblem, 'kind' | 'detail'>, detail: string, sortKey?: bigint) =>
      this.report(kind, { ...location, seal: sealRef }, detail, sortKey);
    const coverage = data.upToPosition === null ? 'the empty log' : `position ${data.upToPosition}`;

    if (sealRoot(data) !== data.root) report('seal_mismatch', atSeal, `the seal's root does not match its own fields`);
    const previousRoot = this.previousSeal?.root ?? null;
    const followsPrevious = data.previousRoot === previousRoot;
    if (!followsPrevious) {
      report('seal_mismatch', atSeal, data.previousRoot === null
        ? `the seal says it is the first, but seal ${previousRoot} comes before it`
        : `the seal follows seal ${data.previousRoot}, but the seal before it in the log is ${previousRoot ?? 'none'}: a seal is missing or was replaced`);
    }
    if (seal.coversUpTo >= seal.event.position) report('seal_mismatch', atSeal, `the seal claims to cover ${coverage}, after itself`);
    if (this.previousSeal && seal.coversUpTo < this.previousSeal.coversUpTo) {
      report('seal_mismatch', atSeal, `the seal covers less of the log (${coverage}) than the seal before it`);
    }

    const since = this.previousSeal?.coversUpTo ?? -1n;
    // The listed changes are relative to the previous seal: only meaningful when that is the one we know.
    if (data.changedHeads && followsPrevious) {
      const listed = new Set<string>();
      for (const sealed of data.changedHeads) {
        listed.add(sealed.stream);
        const head = this.heads.get(sealed.stream);
        const revision = BigInt(sealed.revision);
        if (!head) {
          report('missing', { stream: sealed.stream, revision: '0', position: null, eventId: null },
            `the seal records "${sealed.stream}" at revision ${revision}, but the log up to ${coverage} holds none of it`,
            seal.coversUpTo);
        } else if (head.revision < revision) {
          report('missing', { stream: sealed.stream, revision: (head.revision + 1n).toString(), position: null, eventId: null },
            `the seal records "${sealed.stream}" at revision ${revision}, but up to ${coverage} the stream ends at revision ${head.revision}`,
            seal.coversUpTo);
        } else if (head.revision > revision) {
          const next = head.revision === revision + 1n;
          report('inserted', {
            stream: sealed.stream, revision: (revision + 1n).toString(),
            position: next ? head.position.toString() : null, eventId: next ? head.id : null, line: next ? head.line : undefined,
          }, `the seal records "${sealed.stream}" at revision ${revision}, but up to ${coverage} the stream reaches revision ${head.revision}: events were slipped in`,
          head.position);
        } else if (head.hash !== sealed.hash) {
          report('seal_mismatch', at(head, sealed.stream),
            `revision ${revision} of "${sealed.stream}" is not the event that was sealed: the stream was rewritten with a consistent chain`,
            head.position);
        }
      }
      for (const [stream, head] of this.heads) {
        if (stream === SEAL_STREAM || head.position <= since || listed.has(stream)) continue;
        report('inserted', at(head, stream),
          `${describe(head, stream)} is covered by the seal but was not there when it was sealed`, head.position);
      }
    }
    if (this.problems.length === found) {
      const leaves = this.sealedLeaves();
      if (headsRoot(leaves) !== data.headsRoot || leaves.length !== data.streamCount) {
        report('seal_mismatch', atSeal,
          `the heads of the ${leaves.length} streams up to ${coverage} do not match the seal (${data.streamCount} streams sealed): a stream was rewritten, cut short or slipped in`);
      } else if (BigInt(this.count - this.belowFirst) !== BigInt(data.eventCount)) {
        const inLog = this.count - this.belowFirst;
        const fewer = BigInt(inLog) < BigInt(data.eventCount);
        report(fewer ? 'missing' : 'inserted', atSeal,
          `the log holds ${inLog} events up to ${coverage}, the seal counted ${data.eventCount}`);
      } else if (data.logDigest !== undefined && order !== data.logDigest) {
        report('reordered', atSeal,
          `the events up to ${coverage} are not at the positions they held when sealed: events of different streams were moved or renumbered`);
      }
    }
    if (this.problems.length === found) {
      this.checked.push({ root: data.root, position: seal.event.position.toString(), upToPosition: data.upToPosition, sealedAt: data.sealedAt });
    }
    this.previousSeal = { root: data.root, coversUpTo: seal.coversUpTo };
  }

  /** A seal-log event met in log order: it must be a valid seal the first pass saw. */
  private checkSealEvent(event: VerifiableEvent): void {
    const entry = this.sealsByPosition.get(event.position);
    if (!entry || entry.event.id !== event.id) {
      this.report('inserted', at(event), `${describe(event)} is in the seal log but was not there when the seal log was read`);
      return;
    }
    entry.seenInLog = true;
    if (!entry.data) {
      this.report('seal_mismatch', at(event), `${describe(event)} in the seal log is not a valid ${SEAL_EVENT_TYPE}`);
    }
    // An unusable seal's own chain problem was reported by checkChain.
  }

  private sealedLeaves(): HeadLeaf[] {
    const leaves: HeadLeaf[] = [];
    for (const [stream, head] of this.heads) {
      if (stream !== SEAL_STREAM) leaves.push({ stream, revision: head.revision, hash: head.hash });
    }
    return leaves.sort((a, b) => compareStreams(a.stream, b.stream));
  }

  // ---- the end ----------------------------------------------------------------------------------

  finish(options: VerifyOptions, tally?: SourceTally): VerifyResult {
    this.crossSealsBefore(END_OF_LOG);
    if (tally) this.checkTally(tally);
    for (const seal of this.seals) {
      if (!seal.seenInLog) {
        this.report('missing', at(seal.event), `${describe(seal.event)} is in the seal log but not in the log read in order`);
      }
    }
    const end = { stream: null, revision: null, position: null, eventId: null };
    const rootInLog = options.root === undefined ? undefined : this.seals.some((seal) => seal.data?.root === options.root);
    if (options.root !== undefined) {
      const root = options.root;
      if (!rootInLog) {
        this.report('truncated', end,
          `no seal with root ${root} is in the log: the log ends before that seal, or it was removed`, END_OF_LOG);
      } else if (!this.checked.some((seal) => seal.root === root)) {
        const seal = this.seals.find((entry) => entry.data?.root === root)!;
        this.report('seal_mismatch', { ...at(seal.event), seal: { position: seal.event.position.toString(), root } },
          `the seal with root ${root} is in the log but the log no longer matches it`);
      }
    }
    const expected = options.expected;
    if (expected) {
      if (expected.events !== this.count) {
        this.report(expected.events > this.count ? 'truncated' : 'inserted', end,
          `the log holds ${this.count} events; ${expected.source} says ${expected.events}`, END_OF_LOG);
      } else if (expected.lastPosition !== (this.lastPosition?.toString() ?? null)) {
        this.report('truncated', end,
          `the log ends at position ${this.lastPosition ?? 'none'}; ${expected.source} says ${expected.lastPosition ?? 'none'}`, END_OF_LOG);
      }
      if (expected.latestSealRoot !== null && !this.seals.some((seal) => seal.data?.root === expected.latestSealRoot)) {
        this.report('truncated', end,
          `${expected.source} names seal ${expected.latestSealRoot}, which is not in the log`, END_OF_LOG);
      }
    }
    // After what a published root or a manifest says: they name what is gone, this only that something is.
    if (tally) this.checkStoreFile(tally);

    const summary: VerifySummary = {
      events: this.count,
      streams: this.heads.size,
      seals: this.checked.length,
      latestSeal: this.checked.at(-1) ?? null,
      unsealedEvents: this.unsealed,
      lastPosition: this.lastPosition?.toString() ?? null,
      ...(rootInLog !== undefined ? { rootInLog } : {}),
    };
    if (this.problems.length === 0) {
      const matchedRoot = options.root === undefined ? undefined : this.checked.find((seal) => seal.root === options.root);
      return { ok: true, ...summary, ...(matchedRoot ? { matchedRoot } : {}) };
    }
    const problems = [...this.problems]
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.sequence - b.sequence))
      .map((entry) => entry.problem);
    return { ok: false, problem: problems[0]!, problems, ...summary };
  }

  /** Every row the store holds was read: none escaped the reading (by its position, or otherwise). */
  private checkTally(tally: SourceTally): void {
    const log = { stream: null, revision: null, position: null, eventId: null };
    if (tally.events !== this.count) {
      this.report(tally.events > this.count ? 'inserted' : 'missing', log,
        `the store holds ${tally.events} events up to position ${this.lastPosition ?? 'none'}, but ${this.count} were read in log order: `
        + `${tally.events > this.count ? 'events the reading did not meet were written around the register' : 'events went while the log was read'}`,
        END_OF_LOG);
    }
    const read = this.readByStream ?? new Map<string, number>();
    const held = new Set<string>();
    for (const [stream, events] of tally.streams) {
      held.add(stream);
      const seen = read.get(stream) ?? 0;
      if (seen === events) continue;
      this.report(events > seen ? 'inserted' : 'missing', { ...log, stream },
        `the store holds ${events} events of "${stream}", but ${seen} were read in log order`, END_OF_LOG);
    }
    for (const [stream, seen] of read) {
      if (!held.has(stream)) {
        this.report('missing', { ...log, stream }, `${seen} events of "${stream}" were read, but the store holds none`, END_OF_LOG);
      }
    }
  }

  /**
   * What the store's file says of itself: its append-only guards as the register made them, and
   * its position counter no further than its last event (so the newest events, sealed or not, were
   * not deleted from the end, unless the counter was wound back too: a later seal or published root
   * catches that).
   */
  private checkStoreFile(tally: SourceTally): void {
    const log = { stream: null, revision: null, position: null, eventId: null };
    for (const change of tally.guardChanges ?? []) {
      this.report('changed', log,
        `${change}: the store's file was changed around the register, which no longer keeps its events append-only`, END_OF_LOG);
    }
    const numbered = tally.numbered;
    if (numbered?.upTo != null && (numbered.lastEvent === null || numbered.upTo > numbered.lastEvent)) {
      const from = (numbered.lastEvent ?? 0n) + 1n;
      const range = from === numbered.upTo ? `position ${from}` : `positions ${from} to ${numbered.upTo}`;
      this.report('truncated', log,
        `the store numbered events up to position ${numbered.upTo}, but its last event is at ${numbered.lastEvent ?? 'none'}: `
        + `the events at ${range} were removed from the end of the log`, END_OF_LOG);
    }
  }

  private report(
    kind: ProblemKind, location: Omit<VerifyProblem, 'kind' | 'detail'>, detail: string, sortKey?: bigint,
  ): RecordedProblem | undefined {
    if (this.problems.length >= this.maxProblems) return undefined;
    const problem: VerifyProblem = { kind, detail, ...location };
    if (problem.line === undefined) delete problem.line;
    const entry = {
      problem,
      sortKey: sortKey ?? (location.position === null ? END_OF_LOG : BigInt(location.position)),
      sequence: this.sequence++,
    };
    this.problems.push(entry);
    return entry;
  }
}

function toHead(event: VerifiableEvent, link: ChainLink): Head {
  return { revision: event.revision, hash: link.hash, previousHash: link.previousHash, position: event.position, id: event.id, line: event.line };
}

function at(event: Head | VerifiableEvent, stream?: string): Omit<VerifyProblem, 'kind' | 'detail'> {
  const location: Omit<VerifyProblem, 'kind' | 'detail'> = {
    stream: 'streamName' in event ? event.streamName : stream ?? null,
    revision: event.revision.toString(),
    position: event.position.toString(),
    eventId: event.id,
  };
  if (event.line !== undefined) location.line = event.line;
  return location;
}

function describe(event: Head | VerifiableEvent, stream?: string): string {
  const name = 'streamName' in event ? event.streamName : stream;
  const line = event.line === undefined ? '' : `, line ${event.line}`;
  return `revision ${event.revision} of "${name}" (position ${event.position}, id ${event.id}${line})`;
}

/** The revision the event's hash was computed for, if not its own: it was moved. */
function originalRevision(event: VerifiableEvent, link: ChainLink): bigint | undefined {
  for (let offset = 1n; offset <= MOVE_WINDOW; offset += 1n) {
    for (const revision of [event.revision - offset, event.revision + offset]) {
      if (revision < 0n) continue;
      if (safeHash({ ...event, revision }, link.previousHash) === link.hash) return revision;
    }
  }
  return undefined;
}

/**
 * Whether a run says something of the log itself: every run without a root, and one with a root
 * unless all it found is that the log holds no seal with that root (perhaps a root mistyped).
 */
export function judgesTheLog(result: VerifyResult): boolean {
  return result.ok || result.rootInLog !== false || result.problems.length > 1;
}
