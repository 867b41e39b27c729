import { isAbsolute, resolve } from 'node:path';

// Where the operations scripts find the register's data: the same variables as the register
// (DATA_DIR with its default ./data, EVENT_STORE), or a --data-dir given on the command line.

type StoreKind = 'sqlite' | 'esdb';

export function resolveDataDir(given: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const dataDir = given?.trim() || env.DATA_DIR?.trim() || './data';
  return isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
}

function storeKind(env: NodeJS.ProcessEnv = process.env): StoreKind | { invalid: string } {
  const kind = env.EVENT_STORE?.trim() || 'sqlite';
  return kind === 'sqlite' || kind === 'esdb' ? kind : { invalid: kind };
}

/** What to tell an operator who runs backup or restore with EVENT_STORE=esdb. */
const ESDB_BACKUP_HINT = [
  'With EVENT_STORE=esdb the log lives in EventStoreDB, which takes its own backups (a file-system',
  'snapshot of its data volume, or a copy of its chunk files, index and checkpoints as its',
  'documentation describes). The register keeps only rebuildable local state in DATA_DIR: after an',
  'EventStoreDB restore, start the register on an empty DATA_DIR and it rebuilds the read models',
  'from the log (npm run replay only rebuilds them elsewhere to compare their digests with DATA_DIR;',
  'it does not fill DATA_DIR). See src/operations/README.md, "Backups with EventStoreDB".',
].join('\n');

/**
 * The embedded store's folder that backup or restore acts on, or why they cannot run (a message for
 * stderr, exit 2): an empty `--data-dir` (a variable left unset: falling back to DATA_DIR would act
 * on another register's folder), an EVENT_STORE the register does not know, or EventStoreDB.
 */
export function embeddedDataDir(given: string | undefined, usage: string, env: NodeJS.ProcessEnv = process.env): { dataDir: string } | { refusal: string } {
  if (given !== undefined && given.trim() === '') return { refusal: `--data-dir needs a folder\n${usage}` };
  const kind = storeKind(env);
  if (typeof kind === 'object') return { refusal: `EVENT_STORE must be "sqlite" or "esdb", not "${kind.invalid}"` };
  if (kind === 'esdb') return { refusal: ESDB_BACKUP_HINT };
  return { dataDir: resolveDataDir(given, env) };
}
