import type { FastifyInstance } from 'fastify';
import type { ProjectionRunner } from '../../read-models/projection-runner.js';
import type { EventStore } from '../../store/event-store.js';
import type { AuthOptions } from '../auth.js';
import { devSignIn } from './dev-sign-in.js';
import { directoryRoute } from './directory.js';
import { referenceData } from './reference-data.js';
import { sealList } from './seal-list.js';
import { staticFiles } from './static-files.js';

// The web interface as one plugin: the built pages at `/`, the reference data they read under
// `/web/`, and, in development only, the sign-in that mints tokens.

export interface WebInterfaceOptions {
  auth: AuthOptions;
  bureauTimezone: string;
  /** The log, for the list of seals (auditors). */
  store?: EventStore;
  /** The read models, for the pickers' directory of units and officers. */
  projections?: ProjectionRunner;
  /** Defaults to process.env.NODE_ENV (the same variable src/config.ts reads). */
  nodeEnv?: string;
  /** Where the built pages are (default dist/web); tests may point elsewhere. */
  root?: string;
}

/** The development key is the only key we mint with, and never in production. */
export function devSignInAllowed(options: Pick<WebInterfaceOptions, 'auth' | 'nodeEnv'>): boolean {
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV ?? 'development';
  return nodeEnv !== 'production' && options.auth.key.kind === 'secret' && options.auth.key.source === 'development key';
}

export async function webInterface(app: FastifyInstance, options: WebInterfaceOptions): Promise<void> {
  const allowDevSignIn = devSignInAllowed(options);
  await app.register(referenceData, { config: { devSignIn: allowDevSignIn, bureauTimezone: options.bureauTimezone } });
  if (allowDevSignIn && options.auth.key.kind === 'secret') {
    await app.register(devSignIn, { secret: options.auth.key.secret, issuer: options.auth.issuer, audience: options.auth.audience });
  }
  if (options.store) await app.register(sealList, { store: options.store });
  if (options.projections) await app.register(directoryRoute, { projections: options.projections });
  await app.register(staticFiles, { root: options.root });
}
