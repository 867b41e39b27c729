import type { Role } from './i18n/zh.js';

// The signed-in user: a bearer token kept for this browser tab only (sessionStorage), and the
// claims read from it for the menus. The register verifies the token on every request; nothing
// here is trusted for access.

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
  officerId?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

const TOKEN_KEY = 'register.token';
const KNOWN_ROLES: readonly Role[] = ['inspector', 'hr', 'auditor', 'admin'];

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export type TokenProblem = 'invalid' | 'expired';

/** Reads a token's claims; `invalid` when it is not a JWT with a subject and known roles. */
export function sessionFromToken(raw: string, now = Date.now()): Session | TokenProblem {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return 'invalid';
  let claims: Record<string, unknown>;
  try {
    const decoded = decodeSegment(parts[1]!);
    if (typeof decoded !== 'object' || decoded === null) return 'invalid';
    claims = decoded as Record<string, unknown>;
  } catch {
    return 'invalid';
  }
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return 'invalid';
  const roles = claims.roles.filter((r): r is Role => KNOWN_ROLES.includes(r as Role));
  if (roles.length === 0) return 'invalid';
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  if (exp !== undefined && exp * 1000 <= now) return 'expired';
  return {
    token,
    sub: claims.sub,
    roles,
    officerId: typeof claims.officerId === 'string' ? claims.officerId : undefined,
    exp,
  };
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const session = sessionFromToken(token);
  return typeof session === 'string' ? null : session;
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, session.token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function hasRole(session: Session | null, ...roles: Role[]): boolean {
  return !!session && session.roles.some((role) => roles.includes(role));
}
