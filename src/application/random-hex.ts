import { randomFillSync } from 'node:crypto';

// Random salts are drawn from a pool filled by the system's CSPRNG a few kilobytes at a time: each
// byte is used once, and a request does not pay for a system call of its own.

const pool = Buffer.allocUnsafe(4096);
let used = pool.length;

/** `bytes` cryptographically random bytes (at most 4,096), as lowercase hex. */
export function randomHex(bytes: number): string {
  if (bytes > pool.length) throw new RangeError(`at most ${pool.length} random bytes at a time`);
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  pool.fill(0, used, used + bytes);
  used += bytes;
  return hex;
}
