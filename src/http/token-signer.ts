import { createHmac } from 'node:crypto';
import type { Role } from '../application/command-context.js';

// Mints HS256 tokens with a key we hold: the development key or JWT_SECRET. Used by
// `npm run token` and by tests. Identity providers mint production tokens; we only verify those.

export interface TokenClaims {
  sub: string;
  roles: readonly Role[];
  officerId?: string;
}

export interface SignOptions {
  secret: string;
  issuer?: string;
  audience?: string;
  /** Lifetime in seconds (default 8 hours). */
  expiresInSeconds?: number;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signToken(claims: TokenClaims, options: SignOptions): string {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload = {
    sub: claims.sub,
    roles: [...claims.roles],
    ...(claims.officerId ? { officerId: claims.officerId } : {}),
    iat,
    exp: iat + (options.expiresInSeconds ?? 8 * 3600),
    ...(options.issuer ? { iss: options.issuer } : {}),
    ...(options.audience ? { aud: options.audience } : {}),
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', options.secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** `90`, `30s`, `15m`, `8h`, `7d` → seconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : undefined;
}
