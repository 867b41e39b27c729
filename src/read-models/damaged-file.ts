import fs from 'node:fs';

// A read-model file SQLite cannot read (not a database, or its pages damaged) holds nothing that
// the log cannot give again. Rather than leave the register unready for ever, the file (with its
// WAL and shared-memory files) is set aside under a name that says when, kept for whoever wants to
// look at it, and the read models are rebuilt from the log in a new one: when opening it fails, or
// when the projections meet the damage while the register runs (openReadModelDatabase does both).

/** Renames `path` (and its -wal and -shm files) aside; returns the new name of the file. */
export function setAsideDamagedFile(path: string, now: Date = new Date()): string {
  const aside = `${path}.damaged-${now.toISOString().replaceAll(':', '-')}`;
  fs.renameSync(path, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(`${path}${suffix}`)) fs.renameSync(`${path}${suffix}`, `${aside}${suffix}`);
  }
  return aside;
}
