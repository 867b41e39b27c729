import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalDigest, canonicalJson } from './canonical.js';
import { merkleLeafHash, merkleRootOfLeafHashes } from './merkle.js';

// The seal: a periodic commitment to the head of every stream, appended to its own stream.
// Its root is what an auditor publishes (in a briefing, a letter, a newspaper); anyone holding it can
// later check that the log still holds exactly what it held when it was sealed.
//
//   headsRoot = Merkle root (merkle.ts) over the streams sorted by name, each leaf the canonical
//               encoding of [stream, head revision (decimal), head $hash]; the seal log itself is
//               left out (each seal commits to the previous one through previousRoot instead)
//   logDigest = sha256 over one line "<position> <$hash>\n" ("-" for an event with no $hash) per event after the previous seal's
//               coverage up to this seal's, in log order: the heads pin each stream's content, this
//               pins where every event sits among the others (seals written before it have none)
//   root      = sha256 of the canonical encoding of
//               { headsRoot, previousRoot, upToPosition, streamCount, eventCount, sealedAt, logDigest }
//               (logDigest left out when the seal has none)

export const SEAL_STREAM = 'seal-log';
export const SEAL_EVENT_TYPE = 'SealRecorded';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 as 64 lowercase hex digits');
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a non-negative whole number as a decimal string');

export const SealedHead = z.object({
  stream: z.string().min(1),
  revision: decimal,
  hash: hex64,
});
export type SealedHead = z.infer<typeof SealedHead>;

export const SealRecorded = z.object({
  sealId: z.string().uuid(),
  /** The published value. */
  root: hex64,
  /** The root of the seal before this one, or null for the first seal. */
  previousRoot: hex64.nullable(),
  headsRoot: hex64,
  /** The seal covers every event at or before this log position (null: the log was empty). */
  upToPosition: decimal.nullable(),
  /** Streams covered (the seal log excluded). */
  streamCount: z.number().int().nonnegative(),
  /** Events at or before upToPosition, in every stream including the seal log. */
  eventCount: decimal,
  /** ISO instant. */
  sealedAt: z.string().min(1),
  /**
   * The heads that moved since the previous seal, sorted by stream: lets a verifier name the stream
   * that differs. Null when there were too many to list in one event (the root still covers them).
   */
  changedHeads: z.array(SealedHead).nullable(),
  /** The order of the events it covers since the previous seal (see above); absent in older seals. */
  logDigest: hex64.optional(),
});
export type SealRecorded = z.infer<typeof SealRecorded>;

export const sealEventSchemas = { [SEAL_EVENT_TYPE]: SealRecorded } as const;

export interface HeadLeaf {
  stream: string;
  revision: bigint;
  hash: string;
}

export function headLeaf(head: HeadLeaf): string {
  return canonicalJson([head.stream, head.revision.toString(), head.hash]);
}

/** Heads must be sorted by stream name (compareStreams) and exclude the seal log. */
export function headsRoot(sortedHeads: Iterable<HeadLeaf>): string {
  const leafHashes: Buffer[] = [];
  for (const head of sortedHeads) leafHashes.push(merkleLeafHash(headLeaf(head)));
  return merkleRootOfLeafHashes(leafHashes);
}

export function compareStreams(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type SealRootFields = Pick<SealRecorded, 'headsRoot' | 'previousRoot' | 'upToPosition' | 'streamCount' | 'eventCount' | 'sealedAt' | 'logDigest'>;

export function sealRoot(fields: SealRootFields): string {
  return canonicalDigest({
    headsRoot: fields.headsRoot,
    previousRoot: fields.previousRoot,
    upToPosition: fields.upToPosition,
    streamCount: fields.streamCount,
    eventCount: fields.eventCount,
    sealedAt: fields.sealedAt,
    ...(fields.logDigest !== undefined ? { logDigest: fields.logDigest } : {}),
  });
}

/** Folds events, in log order, into a seal's logDigest. */
export class LogOrderDigest {
  private hash = createHash('sha256');

  add(position: bigint, eventHash: string | undefined): void {
    this.hash.update(`${position} ${eventHash ?? '-'}\n`);
  }

  /** The digest of what was added, and a fresh start for the next seal's range. */
  take(): string {
    const digest = this.hash.digest('hex');
    this.hash = createHash('sha256');
    return digest;
  }
}

/** The root as printed for people: eight groups of eight hex digits. */
export function formatRoot(root: string): string {
  return root.match(/.{1,8}/g)?.join(' ') ?? root;
}

export class InvalidRootError extends Error {
  override readonly name = 'InvalidRootError';
}

/** Reads a root as people copy it: any case, with spaces, dashes or colons between the groups. */
export function parseRoot(text: string): string {
  const root = text.replace(/[\s:-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(root)) {
    throw new InvalidRootError(`"${text}" is not a seal root: expected 64 hex digits (spaces, dashes and colons between groups are fine)`);
  }
  return root;
}
