import fs from 'node:fs';

// A read-model file SQLite cannot read (not a database, or its pages damaged) holds nothing that
// the log cannot give again. Rather than leave the register unready for ever, the file (with its
// WAL and shared-memory files) is set aside under a name that says when, kept for whoever wants to
// look at it, and the read models are rebuilt from the log in a new one.

/** SQLite's answer for a file that is not a database, or one whose structure is damaged (also as the cause of another error). */
export function isDamagedDatabase(error: unknown): boolean {
  for (let at = error, depth = 0; at !== null && typeof at === 'object' && depth < 5; at = (at as { cause?: unknown }).cause, depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return true;
  }
  return false;
}

/** Renames `path` (and its -wal and -shm files) aside; returns the new name of the file. */
export function setAsideDamagedFile(path: string, now: Date = new Date()): string {
  const aside = `${path}.damaged-${now.toISOString().replaceAll(':', '-')}`;
  fs.renameSync(path, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(`${path}${suffix}`)) fs.renameSync(`${path}${suffix}`, `${aside}${suffix}`);
  }
  return aside;
}
