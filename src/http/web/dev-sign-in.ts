import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../application/command-context.js';
import { HttpProblem, problem } from '../problem.js';
import { signToken } from '../token-signer.js';

// Development only: the sign-in page mints a token for the roles the developer picks, signed with
// the development key kept in DATA_DIR (the same as `npm run token`). Never registered when
// NODE_ENV=production or when a real key (JWT_SECRET, an identity provider's public key) is set;
// and only a browser on this machine, at a loopback name, is served, so a development register bound
// to a network address (HOST=0.0.0.0) does not hand any role to whoever can reach it, nor to a page
// from elsewhere that rebinds its own host name to this machine.

export interface DevSignInOptions {
  secret: string;
  issuer?: string;
  audience?: string;
}

const DevTokenRequest = z.object({
  sub: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(roles)).min(1).max(roles.length),
  officerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).optional(),
});

/** A loopback host name, with or without a port: localhost, 127.x.x.x or [::1]. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * Straight from a loopback address, not through a proxy (which would make every client look local),
 * and addressed to this machine by a loopback name: a page from elsewhere whose host name was
 * rebound to 127.0.0.1 (DNS rebinding) still sends its own name in Host and Origin.
 */
function fromThisMachine(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^(::ffff:)?127\./.test(address);
  const { host, origin } = request.headers;
  const addressedHere = host !== undefined && LOOPBACK_HOST.test(host);
  const sentFromHere = origin === undefined || sameLoopbackOrigin(origin);
  return loopback && addressedHere && sentFromHere && request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined;
}

function sameLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST.test(url.host);
  } catch {
    return false;
  }
}

export async function devSignIn(app: FastifyInstance, options: DevSignInOptions): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post('/web/dev/token', {
    schema: { hide: true, body: DevTokenRequest },
  }, async (request, reply) => {
    if (!fromThisMachine(request)) {
      throw new HttpProblem(problem(403, 'The development sign-in serves only a browser on the machine the register runs on; elsewhere, use a token (npm run token)'));
    }
    const token = signToken(
      { sub: request.body.sub, roles: [...new Set(request.body.roles)], officerId: request.body.officerId },
      { secret: options.secret, issuer: options.issuer, audience: options.audience },
    );
    request.log.warn({ sub: request.body.sub, roles: request.body.roles }, 'development token minted by the sign-in page');
    reply.header('cache-control', 'no-store');
    return { token };
  });
}
