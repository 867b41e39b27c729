// Where an officer's records are written, and what an officer id may look like (API.md: ids of
// units, posts and officers are chosen by the client, `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`).

export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The route under an officer, e.g. officerPath('O-001', 'assignments'); an empty id still makes a path the register refuses. */
export function officerPath(officerId: string, rest: string): string {
  return `/api/v1/officers/${encodeURIComponent(officerId.trim() || '-')}/${rest}`;
}
