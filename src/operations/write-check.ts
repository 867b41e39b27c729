import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// Can this folder take a durable write right now? A small file written, fsynced and removed again.
// It is how the register tells, without writing to the log, that a full or read-only data
// directory has come back: SQLite writes its WAL to the same file system.

export const WRITE_CHECK_BYTES = 64 * 1024;

export function directoryWriteCheck(dir: string): () => Promise<void> {
  return async () => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `.write-check-${process.pid}`);
    let fd: number | undefined;
    try {
      fd = openSync(path, 'w');
      writeSync(fd, randomBytes(WRITE_CHECK_BYTES));
      fsyncSync(fd);
    } finally {
      if (fd !== undefined) closeSync(fd);
      rmSync(path, { force: true });
    }
  };
}
