import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEV_KEY_FILE } from '../config.js';
import { storeSource } from '../integrity/store-source.js';
import { verifyLog, type VerifySummary } from '../integrity/verify.js';
import { locate } from '../integrity/verify-report.js';
import { digestReadModels, type ReadModelDigests } from '../read-models/digest.js';
import { rebuildReadModels } from '../read-models/rebuild.js';
import { openSqliteEventStore } from '../store/sqlite/sqlite-event-store.js';
import { idempotencyBackupPath, readBackupManifest, type BackupManifest, type FileFacts } from './backup-manifest.js';
import { BackupError, openCheckedCopy } from './backup.js';
import { DataDirInUseError, holdDataDir, LOCK_FILE, type DataDirLock } from './data-dir-lock.js';
import { dataDirLayout } from './data-dir-layout.js';
import { fileFacts, syncDirectoryOf, syncPath } from './files.js';
import { digestLog } from './log-digest.js';
import { countingSource, silentPhases, type PhaseReporter } from './phase-reporter.js';

// Restore: a backup into an empty DATA_DIR, never over anything. Everything is checked before the
// register can see it: the file's bytes against its manifest, SQLite's integrity check, the digest
// of the log against the manifest's, and the integrity verifier over every hash chain and seal;
// then the read models are rebuilt from the restored log. All of it happens in a staging folder
// inside DATA_DIR; only a restore that passed every check moves its files into place (the log
// first, so an interruption leaves at worst a log whose read models are rebuilt on start).

export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';
}

export const STAGING_FOLDER = '.restore-in-progress';

/** DATA_DIR holds a restore that stopped before its log was moved into place: starting would begin an empty log beside it. */
export class InterruptedRestoreError extends Error {
  override readonly name = 'InterruptedRestoreError';
}

/**
 * Refuses to start on a DATA_DIR where a restore was cut off (the process killed, the power lost)
 * before it moved the restored log in: the register would otherwise start an empty log and serve it.
 * Once the log is in place, what is left in the staging folder is redundant and start-up goes on.
 */
export function assertNoInterruptedRestore(dataDir: string): void {
  const staging = join(dataDir, STAGING_FOLDER);
  if (!existsSync(staging) || existsSync(dataDirLayout(dataDir).events)) return;
  throw new InterruptedRestoreError(
    `A restore into ${dataDir} was interrupted before the restored log was in place (${staging} is still there). `
    + `The register does not start on it: remove ${staging} and run npm run restore again.`,
  );
}

export interface RestoreOptions {
  /** The backup file (its manifest beside it). */
  from: string;
  dataDir: string;
  phases?: PhaseReporter;
}

export interface RestoreResult {
  dataDir: string;
  manifest: BackupManifest;
  events: number;
  lastPosition: string | null;
  digest: string;
  verified: VerifySummary;
  readModels: { events: number; digests: ReadModelDigests };
  idempotencyRestored: boolean;
}

/**
 * Refuses a DATA_DIR that holds anything (the only exceptions: nothing at all, an empty folder, or
 * one holding only the development signing key, which `npm start` writes first and no restore touches,
 * and the lock file a register leaves behind; the restore takes that lock, so a register running on
 * the folder refuses it).
 */
export function assertEmptyDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (!statSync(dataDir).isDirectory()) throw new RestoreRefusedError(`DATA_DIR ${dataDir} exists and is not a folder`);
  const entries = readdirSync(dataDir).filter((entry) => entry !== DEV_KEY_FILE && entry !== LOCK_FILE);
  if (entries.length === 0) return;
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  const hint = entries.includes(STAGING_FOLDER)
    ? ` A previous restore was interrupted: remove ${join(dataDir, STAGING_FOLDER)} and restore again.`
    : ' A restore never overwrites anything: restore into a new or empty folder (set DATA_DIR), or move this one aside first.';
  throw new RestoreRefusedError(`DATA_DIR ${dataDir} is not empty (${shown}).${hint}`);
}

async function checkFacts(path: string, expected: FileFacts, what: string): Promise<void> {
  if (!existsSync(path)) throw new RestoreRefusedError(`${what} ${path} is missing`);
  const actual = await fileFacts(path);
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
    throw new RestoreRefusedError(
      `${what} ${path} is corrupted or was altered: it has ${actual.bytes} bytes with sha256 ${actual.sha256}, `
      + `its manifest says ${expected.bytes} bytes with sha256 ${expected.sha256}`,
    );
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const phases = options.phases ?? silentPhases;
  const from = resolve(options.from);
  const dataDir = resolve(options.dataDir);
  assertEmptyDataDir(dataDir);
  if (!existsSync(from)) throw new RestoreRefusedError(`There is no backup at ${from}`);

  const reading = readBackupManifest(from);
  if (reading.status === 'absent') {
    throw new RestoreRefusedError(`${from} has no manifest beside it (${reading.path}): a backup is the file and its manifest, as npm run backup writes them`);
  }
  if (reading.status === 'invalid') throw new RestoreRefusedError(`The manifest ${reading.path} is not valid: ${reading.reason}`);
  const { manifest } = reading;

  const checking = phases('checksum', { unit: 'files' });
  await checkFacts(from, manifest.store, 'The backup file');
  const idempotencySource = idempotencyBackupPath(from);
  if (manifest.idempotency) await checkFacts(idempotencySource, manifest.idempotency, 'The backup of the idempotency records');
  checking.done('the backup matches its manifest byte for byte');

  const dataDirExisted = existsSync(dataDir);
  const lockExisted = existsSync(join(dataDir, LOCK_FILE));
  // Held until the restore ends: a register started on DATA_DIR meanwhile is refused, and a restore
  // into a folder a register (or another restore) holds is refused here.
  let lock: DataDirLock;
  try {
    lock = holdDataDir(dataDir, 'a restore');
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new RestoreRefusedError(error.message);
    throw error;
  }
  // Checked again under the lock: a register or a seed may have run there while the backup was checked.
  try {
    assertEmptyDataDir(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const staging = join(dataDir, STAGING_FOLDER);
  mkdirSync(staging);
  const staged = dataDirLayout(staging);
  const final = dataDirLayout(dataDir);
  let moved = false;
  try {
    copyFileSync(from, staged.events);
    syncPath(staged.events);
    try {
      openCheckedCopy(staged.events, 'The backup file', from).close();
      if (manifest.idempotency) {
        copyFileSync(idempotencySource, staged.idempotency);
        syncPath(staged.idempotency);
        openCheckedCopy(staged.idempotency, 'The backup of the idempotency records', idempotencySource).close();
      }
    } catch (error) {
      if (error instanceof BackupError) throw new RestoreRefusedError(error.message);
      throw error;
    }

    let store;
    try {
      store = await openSqliteEventStore({ path: staged.events });
    } catch (error) {
      throw new RestoreRefusedError(`The backup file cannot be opened as the register's store: ${(error as Error).message}`);
    }
    let verified: VerifySummary;
    let readModels: RestoreResult['readModels'];
    let digest;
    try {
      const head = await store.headPosition();
      const digesting = phases('digest', { total: manifest.log.events, unit: 'events' });
      digest = await digestLog(store, { upTo: head, onProgress: (events) => digesting.update(events) });
      digesting.done();
      const lastPosition = digest.lastPosition?.toString() ?? null;
      if (digest.events !== manifest.log.events || lastPosition !== manifest.log.lastPosition || digest.sha256 !== manifest.log.digest) {
        throw new RestoreRefusedError(
          `The restored log does not match the manifest: ${digest.events} events up to position ${lastPosition ?? 'none'} with digest ${digest.sha256}; `
          + `the manifest says ${manifest.log.events} events up to ${manifest.log.lastPosition ?? 'none'} with digest ${manifest.log.digest}`,
        );
      }

      const verifying = phases('verify', { total: digest.events, unit: 'events' });
      const result = await verifyLog(countingSource(storeSource(store, head), (events) => verifying.update(events)));
      if (!result.ok) {
        verifying.fail();
        throw new RestoreRefusedError(
          `The restored log does not verify: ${result.problem.kind} at ${locate(result.problem)}: ${result.problem.detail}. Nothing was restored; `
          + 'the backup is evidence as it is: inspect it with npm run verify (DATA_DIR pointing at a copy of it).',
        );
      }
      verifying.done(`${result.events} events in ${result.streams} streams, ${result.seals} seal(s): every chain and seal matches`);
      verified = result;

      // Measured in log positions: each of the rebuild's two threads reads only the events its read
      // models answer, but this one's position goes through the whole log.
      const rebuilding = phases('rebuild read models', { total: Number(head ?? 0n), unit: 'log positions' });
      const rebuilt = await rebuildReadModels({
        store, path: staged.readModels, logFile: staged.events, progressEvery: 10_000,
        onProgress: ({ position }) => rebuilding.update(Number(position ?? 0n)),
      });
      try {
        readModels = { events: rebuilt.events, digests: digestReadModels(rebuilt.database) };
      } finally {
        rebuilt.database.close();
      }
      rebuilding.done();
    } finally {
      await store.close();
    }

    // The log first (see the header), then what is derived from it or rides along.
    for (const [source, target] of [[staged.events, final.events], [staged.idempotency, final.idempotency], [staged.readModels, final.readModels]] as const) {
      if (!existsSync(source)) continue;
      syncPath(source);
      renameSync(source, target);
      moved = true;
    }
    syncDirectoryOf(final.events);
    rmSync(staging, { recursive: true, force: true });
    return {
      dataDir,
      manifest,
      events: digest.events,
      lastPosition: digest.lastPosition?.toString() ?? null,
      digest: digest.sha256,
      verified,
      readModels,
      idempotencyRestored: manifest.idempotency !== null,
    };
  } catch (error) {
    if (!moved) {
      rmSync(staging, { recursive: true, force: true });
      // Leave DATA_DIR as it was found: absent, or empty. The lock file goes while still held, so that
      // nobody takes a lock on a file about to vanish.
      if (!lockExisted) rmSync(join(dataDir, LOCK_FILE), { force: true });
      lock.release();
      if (!dataDirExisted && readdirSync(dataDir).length === 0) rmSync(dataDir, { recursive: true, force: true });
    }
    lock.release();
    throw error;
  } finally {
    lock.release();
  }
}
