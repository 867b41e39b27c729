import { existsSync, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openLogForReading } from '../integrity/open-log.js';
import { SEAL_EVENT_TYPE, SEAL_STREAM, SealRecorded } from '../integrity/seal-record.js';
import { storeSource } from '../integrity/store-source.js';
import { verifyLog } from '../integrity/verify.js';
import { locate } from '../integrity/verify-report.js';
import { CorruptEventError, StreamNotFoundError } from '../store/errors.js';
import type { EventStore } from '../store/event-store.js';
import { isDamagedDatabase } from '../store/sqlite/damaged-database.js';
import { schemaVersion } from '../store/sqlite/schema.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { backupManifestPath, idempotencyBackupPath, type BackupManifest } from './backup-manifest.js';
import { fileFacts, syncDirectoryOf, syncPath, writeFileDurably } from './files.js';
import { digestLog } from './log-digest.js';
import { countingSource, silentPhases, type PhaseReporter } from './phase-reporter.js';

// An online backup of the embedded store while the register keeps serving. `VACUUM INTO` runs in
// one read transaction on a connection of its own, so the copy is a consistent snapshot of the log
// at one position (WAL: the register's writers are never blocked, and nothing half-committed is
// copied), unlike a file copy of a live database. The copy is then checked on its own: SQLite's
// integrity check, the digest of its log, its latest seal, and the hash chains and seals verified.

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export interface BackupOptions {
  /** The store to back up (DATA_DIR/events.db). */
  storePath: string;
  /** The Idempotency-Key answers (DATA_DIR/idempotency.db); backed up when the file exists. */
  idempotencyPath?: string;
  /** The backup file; FILE.manifest.json (and FILE.idempotency.db) are written beside it. */
  out: string;
  /** Verify the copy's hash chains and seals (default true). */
  verify?: boolean;
  phases?: PhaseReporter;
  now?: () => Date;
}

export interface BackupResult {
  manifest: BackupManifest;
  file: string;
  manifestFile: string;
}

/** Copies a live SQLite database into `target` as one consistent snapshot. */
export function snapshotDatabase(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  syncPath(target);
}

function integrityProblems(db: Database.Database): string[] {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  const messages = rows.map((row) => row.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** Opens a SQLite file read-only, after SQLite's own integrity check; throws with what is wrong. */
export function openCheckedCopy(path: string, what: string, shownAs = path): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${what} ${shownAs} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    const problems = integrityProblems(db);
    if (problems.length > 0) throw new BackupError(`${what} ${shownAs} is corrupted (SQLite integrity check: ${problems.slice(0, 3).join('; ')})`);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${what} ${shownAs} is corrupted: it is not a readable SQLite database (${(error as Error).message})`);
  }
}

/**
 * Refuses, before anything is copied, a file that is not the register's event store (not SQLite at
 * all, another SQLite file, an empty file, or a store of a newer register), in the words export and
 * verify use: DATA_DIR pointing at the wrong folder is a mistake to name, not a stack trace.
 */
async function assertRegisterStore(storePath: string): Promise<void> {
  let store: EventStore;
  try {
    store = await openLogForReading({ kind: 'sqlite', path: storePath });
  } catch (error) {
    throw new BackupError((error as Error).message);
  }
  await store.close();
}

export async function latestSealOf(store: EventStore): Promise<BackupManifest['log']['latestSeal']> {
  let events;
  try {
    events = await store.readStream(SEAL_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    // The latest seal cannot be read: none to name (the verification reports the seal as changed).
    if (error instanceof CorruptEventError) return null;
    throw error;
  }
  const event = events[0];
  if (!event || event.type !== SEAL_EVENT_TYPE) return null;
  const seal = SealRecorded.safeParse(event.data);
  if (!seal.success) return null;
  return { root: seal.data.root, position: event.position.toString(), sealedAt: seal.data.sealedAt, upToPosition: seal.data.upToPosition };
}

export async function backupSqliteStore(options: BackupOptions): Promise<BackupResult> {
  const phases = options.phases ?? silentPhases;
  const out = resolve(options.out);
  const manifestFile = backupManifestPath(out);
  const idempotencyFile = idempotencyBackupPath(out);
  for (const path of [out, manifestFile, idempotencyFile]) {
    if (existsSync(path)) throw new BackupError(`${path} already exists; a backup never overwrites a file: choose another name`);
  }
  if (!existsSync(options.storePath)) throw new BackupError(`There is no store at ${options.storePath} (set DATA_DIR to the register's data folder)`);
  if (!existsSync(dirname(out))) throw new BackupError(`The folder ${dirname(out)} does not exist`);
  await assertRegisterStore(options.storePath);

  const partial = join(dirname(out), `.${basename(out)}.partial`);
  const partialIdempotency = join(dirname(out), `.${basename(idempotencyFile)}.partial`);
  rmSync(partial, { force: true });
  rmSync(partialIdempotency, { force: true });
  try {
    const copying = phases('copy', { unit: 'files' });
    // The idempotency answers first: an answer is recorded only after its events are durable, so
    // every answer in this earlier copy names events the later copy of the log holds. (The other
    // order could restore an answer to a write the restored log does not have.)
    const withIdempotency = options.idempotencyPath !== undefined && existsSync(options.idempotencyPath);
    if (withIdempotency) {
      try {
        snapshotDatabase(options.idempotencyPath!, partialIdempotency);
      } catch (error) {
        // Not the log: said so, lest the log be restored from an older backup for a damage it does not have.
        if (!isDamagedDatabase(error)) throw error;
        throw new BackupError(`the idempotency records ${options.idempotencyPath} cannot be read, their file is damaged (SQLite: ${(error as Error).message}); `
          + 'the log was not copied, and is not said to be damaged. Move that file aside (a register started without it keeps new records; '
          + 'a retry of a write made before is then taken as a new write) and back up again', { cause: error });
      }
    }
    snapshotDatabase(options.storePath, partial);
    copying.update(withIdempotency ? 2 : 1);
    copying.done(`consistent snapshot of the store${withIdempotency ? ' and the idempotency records' : ''} taken`);

    const db = openCheckedCopy(partial, 'The copy', `of ${options.storePath}`);
    const store = new SqliteEventStore(db);
    let manifest: BackupManifest;
    try {
      const version = schemaVersion(db);
      if (version < 1) throw new BackupError(`${options.storePath} is not an event store of the register (no schema version)`);
      const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      const head = await store.headPosition();

      const digesting = phases('digest', { total, unit: 'events' });
      const digest = await digestLog(store, { upTo: head, onProgress: (events) => digesting.update(events) });
      digesting.done();
      const latestSeal = await latestSealOf(store);

      let verified: BackupManifest['verified'] = null;
      if (options.verify ?? true) {
        const verifying = phases('verify', { total, unit: 'events' });
        const result = await verifyLog(countingSource(storeSource(store, head), (events) => verifying.update(events)));
        verifying.done(result.ok ? undefined : `BROKEN at ${locate(result.problem)}`);
        verified = {
          ok: result.ok,
          events: result.events,
          streams: result.streams,
          seals: result.seals,
          problem: result.ok ? null : `${result.problem.kind} at ${locate(result.problem)}: ${result.problem.detail}`,
        };
      }

      if (withIdempotency) openCheckedCopy(partialIdempotency, 'The copy of the idempotency records', `of ${options.idempotencyPath}`).close();
      const hashing = phases('checksum', { unit: 'bytes' });
      const storeFacts = { ...(await fileFacts(partial, (bytes) => hashing.update(bytes))), file: basename(out) };
      const idempotencyFacts = withIdempotency ? { ...(await fileFacts(partialIdempotency)), file: basename(idempotencyFile) } : null;
      hashing.done();

      manifest = {
        format: 'discipline-register-backup',
        version: 1,
        takenAt: (options.now ?? (() => new Date()))().toISOString(),
        method: 'sqlite-vacuum-into',
        schemaVersion: version,
        store: storeFacts,
        idempotency: idempotencyFacts,
        log: { events: digest.events, lastPosition: digest.lastPosition?.toString() ?? null, digest: digest.sha256, latestSeal },
        verified,
      };
    } finally {
      await store.close();
    }

    await rename(partial, out);
    if (withIdempotency) await rename(partialIdempotency, idempotencyFile);
    syncDirectoryOf(out);
    // The manifest last: a backup without one is visibly unfinished, and restore refuses it.
    await writeFileDurably(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, file: out, manifestFile };
  } finally {
    rmSync(partial, { force: true });
    rmSync(partialIdempotency, { force: true });
  }
}
