import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The register as `npm start` runs it (tsx src/main.ts), in a child process of its own, so that it
// can be killed with SIGKILL the way a power cut or the OOM killer kills it: no shutdown hook runs.
// It always runs on the embedded store in the drill's own DATA_DIR: the drill reads its log from
// there, and its synthetic writes must never reach a register's real log (an EventStoreDB log is
// append-only: nothing written there can be taken out again).

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RegisterProcessOptions {
  dataDir: string;
  /** HS256 key the test signs its tokens with. */
  jwtSecret: string;
  /** Further environment variables (they win over the defaults, not over the store, DATA_DIR or key). */
  env?: Record<string, string>;
  /** How long to wait for the "listening on" line (default 60 s: a cold tsx start on a busy machine). */
  startTimeoutMs?: number;
}

export interface RegisterProcess {
  readonly pid: number;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: the process dies at once, whatever it was doing. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

const LISTENING = /listening on (http:\/\/[^\s)]+)/;

/**
 * The drilled register's environment: the operator's (PATH, NODE_OPTIONS, ...) without what points
 * a register at its store or its identity provider (EVENT_STORE, ESDB_*, JWT_*), then the drill's
 * own: the embedded store in its DATA_DIR and the key its tokens are signed with, whatever `extra` says.
 */
export function drillEnvironment(
  inherited: NodeJS.ProcessEnv, options: Pick<RegisterProcessOptions, 'dataDir' | 'jwtSecret' | 'env'>,
): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(inherited).filter(([name]) => name !== 'EVENT_STORE' && !name.startsWith('ESDB_') && !name.startsWith('JWT_')));
  return {
    ...kept,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'warn',
    SEAL_INTERVAL_MINUTES: '0',
    ...options.env,
    EVENT_STORE: 'sqlite',
    DATA_DIR: options.dataDir,
    JWT_SECRET: options.jwtSecret,
  };
}

/** Refuses a drill folder that holds anything: the drill writes a register's data into it, round after round. */
export function assertEmptyDrillDirectory(dataDir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) {
    throw new Error(`The crash drill runs only in an empty or absent folder: ${dataDir} holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''} (a register's DATA_DIR?); give another --data-dir or none`);
  }
}

export async function startRegisterProcess(options: RegisterProcessOptions): Promise<RegisterProcess> {
  // The drilled register is a process of its own, as `npm start` runs it (a test run keeps its
  // coverage to its own processes: test/fixtures/coverage-in-test-processes-only.ts).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPOSITORY_ROOT,
    env: drillEnvironment(process.env, options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const output = () => lines.join('\n');

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The register did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output()}`));
    }, options.startTimeoutMs ?? 60_000);
    const look = (chunk: Buffer) => {
      const match = LISTENING.exec(chunk.toString('utf8'));
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The register exited before listening (code ${code}, signal ${signal}):\n${output()}`));
    });
  });

  return {
    pid: child.pid!,
    url,
    child,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
