import { createHash } from 'node:crypto';
import { createReadStream, fsyncSync, openSync, closeSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { FileFacts } from './backup-manifest.js';

// Small file operations backups and restores rely on: a file's digest (streamed, never held in
// memory), and making a file and its directory entry durable before anyone is told it is there.

export async function fileFacts(path: string, onBytes?: (bytes: number) => void): Promise<FileFacts> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  }
  return { file: basename(path), bytes, sha256: hash.digest('hex') };
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

/** fsync a file (or, with a directory, the directory's entries). */
export function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncDirectoryOf(path: string): void {
  syncPath(dirname(path));
}

/** Writes a file whole or not at all: a temporary file, fsync, rename, fsync of the directory. */
export async function writeFileDurably(path: string, content: string): Promise<void> {
  const temporary = `${path}.partial`;
  await writeFile(temporary, content);
  syncPath(temporary);
  await rename(temporary, path);
  syncDirectoryOf(path);
}
