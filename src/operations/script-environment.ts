import { isAbsolute, resolve } from 'node:path';

// Where the operations scripts find the register's data: the same variables as the register
// (DATA_DIR with its default ./data, EVENT_STORE), or a --data-dir given on the command line.

export type StoreKind = 'sqlite' | 'esdb';

export function resolveDataDir(given: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const dataDir = given?.trim() || env.DATA_DIR?.trim() || './data';
  return isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
}

export function storeKind(env: NodeJS.ProcessEnv = process.env): StoreKind | { invalid: string } {
  const kind = env.EVENT_STORE?.trim() || 'sqlite';
  return kind === 'sqlite' || kind === 'esdb' ? kind : { invalid: kind };
}

/** What to tell an operator who runs backup or restore with EVENT_STORE=esdb. */
export const ESDB_BACKUP_HINT = [
  'With EVENT_STORE=esdb the log lives in EventStoreDB, which takes its own backups (a file-system',
  'snapshot of its data volume, or a copy of its chunk files, index and checkpoints as its',
  'documentation describes). The register keeps only rebuildable local state in DATA_DIR: after an',
  'EventStoreDB restore, start the register on an empty DATA_DIR and it rebuilds the read models',
  'from the log (npm run replay only rebuilds them elsewhere to compare their digests with DATA_DIR;',
  'it does not fill DATA_DIR). See src/operations/README.md, "Backups with EventStoreDB".',
].join('\n');
