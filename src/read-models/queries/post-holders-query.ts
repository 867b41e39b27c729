import type Database from 'better-sqlite3';
import { statement, table } from './statements.js';

// The officers the read models have on a post, for a change of the post to reach them
// (src/application/post-changes.ts): the rotation schedule keeps every officer's state, the post
// held included. Read with the checkpoint in one transaction, so the officers are those on the post
// at that position of the log: the change reads the log after it for anyone moved onto the post since.
// Found on the officers' post_id column and its index (kept for the roster too).

export function readPostHolders(db: Database.Database, postId: string): { officerIds: string[]; position: bigint | null } {
  return db.transaction(() => {
    const checkpoint = statement(db, "SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck().get() as string | undefined;
    const officerIds = statement(db, `SELECT key FROM ${table('rotation_schedule', 'officers')} WHERE post_id = ?`)
      .pluck().all(postId) as string[];
    return { officerIds, position: checkpoint === undefined ? null : BigInt(checkpoint) };
  })();
}
