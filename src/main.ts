// `npm start`: the register on the embedded store under ./data, with nothing else to set up.
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { composeRegister } from './composition.js';
import { InterruptedRestoreError } from './operations/restore.js';
import { DataDirInUseError, holdDataDir, type DataDirLock } from './operations/data-dir-lock.js';

/** What an operator does about an address the register cannot listen on; null for any other failure. */
function listenRefusal(error: unknown, host: string, port: number): string | null {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `${host}:${port} is already in use (another register, or another program, listens there): stop it, or set PORT to a free port`;
    case 'EACCES':
      return `${host}:${port} may not be listened on by this user (ports below 1024 need privileges): set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all)`;
    default:
      return null;
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // One register on a DATA_DIR at a time. A folder that cannot be written yet (a read-only or missing
  // volume) is not a reason to stop: the register starts and says why it is not ready, as without the lock.
  let lock: DataDirLock | undefined;
  try {
    lock = holdDataDir(config.dataDir, `the register on port ${config.port}`);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`The register could not start: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`DATA_DIR ${config.dataDir} cannot be locked (${(error as Error).message}); starting without the lock that keeps a second register off it\n`);
  }

  let register;
  try {
    register = await composeRegister(config, { logger: { level: config.logLevel } });
  } catch (error) {
    if (error instanceof InterruptedRestoreError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app } = register;

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    // If something hangs (a request that never ends), do not hang the host's shutdown with it.
    const force = setTimeout(() => {
      app.log.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      await register.close();
      lock?.release();
      app.log.info('stopped cleanly');
      process.exitCode = 0;
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  let address;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const refusal = listenRefusal(error, config.host, config.port);
    if (refusal === null) throw error;
    // Nothing was served: close what was opened (store, read models, their threads) and say why in a line.
    await register.close().catch(() => {});
    lock?.release();
    process.stderr.write(`The register could not start: ${refusal}\n`);
    process.exit(1);
  }
  const keyNote = config.jwt.key.kind === 'secret' && config.jwt.key.source === 'development key'
    ? `development signing key: ${config.jwt.key.path}`
    : config.jwt.key.kind === 'secret' ? 'tokens: HS256 with JWT_SECRET' : 'tokens: verified with JWT_PUBLIC_KEY';
  // The token script reads the key from DATA_DIR too: a register on another DATA_DIR says so.
  const dataDirPrefix = config.dataDir !== resolve('data') ? `DATA_DIR=${config.dataDir} ` : '';
  const hint = config.jwt.key.kind === 'secret'
    ? `  mint a token: ${dataDirPrefix}npm run token -- --sub USER --roles inspector   (roles: inspector, hr, auditor, admin)`
    : '  tokens come from your identity provider';
  process.stdout.write([
    '',
    `The register is listening on ${address}  (${config.eventStore.kind === 'sqlite' ? `embedded store ${config.eventStore.path}` : 'EventStoreDB'})`,
    `  API docs:     ${address}/docs   (OpenAPI: ${address}/openapi.json)`,
    `  ${keyNote}`,
    hint,
    `  for example: TOKEN=$(${dataDirPrefix}npm run -s token -- --sub li --roles hr)`,
    `               curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"unitId":"U1","name":"执法大队"}' ${address}/api/v1/units`,
    '',
  ].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The register could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
