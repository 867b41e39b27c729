import fs from 'node:fs';

// The WAL-index header of a database in WAL mode: the first 48 bytes of its `-shm` file, which
// SQLite maps into the memory of every connection and rewrites on every commit (its change
// counter and last frame; see https://www.sqlite.org/walformat.html, "The WAL-Index Header").
// Read with one pread, it says whether anyone has committed since it was last read, for a
// fraction of what asking SQLite costs (a statement that finds the file changed also drops the
// connection's page cache). Only ever compared for equality, never interpreted.

export const WAL_INDEX_HEADER_BYTES = 48;

export class WalIndexHeader {
  private fd: number | null = null;

  constructor(private readonly databasePath: string) {}

  /** The header's bytes now, or null when the file cannot be read (the caller then asks SQLite). */
  read(into: Uint8Array = new Uint8Array(WAL_INDEX_HEADER_BYTES)): Uint8Array | null {
    try {
      this.fd ??= fs.openSync(`${this.databasePath}-shm`, 'r');
      return fs.readSync(this.fd, into, 0, WAL_INDEX_HEADER_BYTES, 0) === WAL_INDEX_HEADER_BYTES ? into : null;
    } catch {
      this.close();
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
