// SQLite's answers for a file it cannot read as a database: one that is not a database at all, or
// one whose pages are damaged (SQLITE_CORRUPT and its extended codes: an index, a sequence). Such a
// file does not mend by itself, unlike a full disk or a lock held for a moment.

/** Whether an error (or the error it was caused by) is SQLite finding its file damaged or not a database. */
export function isDamagedDatabase(error: unknown): boolean {
  for (let at = error, depth = 0; at !== null && typeof at === 'object' && depth < 5; at = (at as { cause?: unknown }).cause, depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) return true;
  }
  return false;
}
