// Who is acting: the token's subject, roles, and (when the user is an officer) their officer id.

export const roles = ['inspector', 'hr', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  /** The token's `sub`: recorded as the actor of every event written. */
  sub: string;
  roles: readonly Role[];
  /** The user's own officer id, when they are an officer: they may not act on their own cases. */
  officerId?: string;
}
