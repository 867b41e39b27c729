import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

// What a backup promises about itself, in FILE.manifest.json beside the backup FILE: the bytes of
// the copy (sha256, size), what the log held (events, last position, latest seal, digest of the
// log) and how it was checked when it was taken. A restore refuses a file that does not keep
// these promises.

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 as 64 lowercase hex digits');
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a decimal string');

const FileFacts = z.object({
  /** The file's name, beside the manifest. */
  file: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: hex64,
});
export type FileFacts = z.infer<typeof FileFacts>;

export const BackupManifest = z.object({
  format: z.literal('discipline-register-backup'),
  version: z.literal(1),
  takenAt: z.string(),
  /** How the copy was made (an online, consistent snapshot, never a file copy of a live database). */
  method: z.literal('sqlite-vacuum-into'),
  /** The store's schema version (SQLite user_version) in the copy. */
  schemaVersion: z.number().int().nonnegative(),
  store: FileFacts,
  /** The Idempotency-Key answers, so a client's retry after a restore is still recognised. */
  idempotency: FileFacts.nullable(),
  log: z.object({
    events: z.number().int().nonnegative(),
    /** The backup's position: every event at or before it is in the copy, none after it. */
    lastPosition: decimal.nullable(),
    /** sha256 over every event (see log-digest.ts). */
    digest: hex64,
    latestSeal: z.object({ root: hex64, position: decimal, sealedAt: z.string(), upToPosition: decimal.nullable() }).nullable(),
  }),
  /** The integrity verifier's answer on the copy when it was taken (null: not checked). */
  verified: z.object({
    ok: z.boolean(),
    events: z.number().int().nonnegative(),
    streams: z.number().int().nonnegative(),
    seals: z.number().int().nonnegative(),
    problem: z.string().nullable(),
  }).nullable(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export function backupManifestPath(file: string): string {
  return `${file}.manifest.json`;
}

export function idempotencyBackupPath(file: string): string {
  return `${file}.idempotency.db`;
}

export type ManifestReading =
  | { status: 'ok'; manifest: BackupManifest }
  | { status: 'absent'; path: string }
  | { status: 'invalid'; path: string; reason: string };

export function readBackupManifest(file: string): ManifestReading {
  const path = backupManifestPath(file);
  if (!existsSync(path)) return { status: 'absent', path };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { status: 'invalid', path, reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = BackupManifest.safeParse(json);
  if (!parsed.success) {
    return { status: 'invalid', path, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
  }
  return { status: 'ok', manifest: parsed.data };
}
