import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { roles as knownRoles, type Actor, type Role } from '../application/command-context.js';
import type { JwtKey } from '../config.js';
import { HttpProblem, problem } from './problem.js';

// Bearer tokens: HS256 with a shared secret, or RS256/ES256 with an identity provider's public key.
// `exp` is required, issuer and audience are checked when configured, and unsigned tokens
// (`alg: none`) never verify because a key is always configured.

export interface AuthOptions {
  key: JwtKey;
  issuer?: string;
  audience?: string;
}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  roles: z.array(z.string()).default([]),
  officerId: z.string().min(1).max(64).optional(),
});

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate`: who is acting, from the verified token. */
    actor: Actor;
  }
}

const unauthenticated = (detail: string) =>
  new HttpProblem(problem(401, detail), { 'WWW-Authenticate': 'Bearer' });

/** Registers token verification on the root instance (so every route group shares it). */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const verify = {
    algorithms: options.key.kind === 'secret' ? ['HS256' as const] : ['RS256' as const, 'ES256' as const],
    // allowedIss / allowedAud only check the claims when present: require them too.
    requiredClaims: ['exp', 'sub', ...(options.issuer ? ['iss'] : []), ...(options.audience ? ['aud'] : [])],
    ...(options.issuer ? { allowedIss: options.issuer } : {}),
    ...(options.audience ? { allowedAud: options.audience } : {}),
  };
  await app.register(fastifyJwt, {
    secret: options.key.kind === 'secret' ? options.key.secret : { public: options.key.publicKey },
    verify,
  });
  app.decorateRequest('actor', null as unknown as Actor);
}

/** Verifies the token and records the actor on the request. */
export async function authenticateRequest(request: FastifyRequest): Promise<Actor> {
  if (!request.headers.authorization) throw unauthenticated('No Authorization header: send Authorization: Bearer <token>');
  let payload: unknown;
  try {
    payload = await request.jwtVerify();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const detail =
      code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'The token has expired'
      : code === 'FST_JWT_BAD_REQUEST' ? 'The Authorization header must be: Bearer <token>'
      : code === 'FST_JWT_AUTHORIZATION_TOKEN_UNSIGNED' ? 'Unsigned tokens are not accepted'
      : 'The token is not valid (signature, algorithm, issuer, audience or claims)';
    throw unauthenticated(detail);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthenticated('The token lacks a valid sub, roles or officerId claim');
  const roles = claims.data.roles.filter((role): role is Role => (knownRoles as readonly string[]).includes(role));
  const actor: Actor = { sub: claims.data.sub, roles, ...(claims.data.officerId ? { officerId: claims.data.officerId } : {}) };
  request.actor = actor;
  return actor;
}

/** An onRequest hook: a valid token with one of the roles, else 401 / 403. */
export function requireRoles(allowed: readonly Role[]): onRequestAsyncHookHandler {
  return async (request) => {
    const actor = await authenticateRequest(request);
    if (!actor.roles.some((role) => allowed.includes(role))) {
      throw new HttpProblem(problem(403, `This needs one of the roles: ${allowed.join(', ')}`));
    }
  };
}
