import { randomFillSync } from 'node:crypto';

// UUID version 7 (RFC 9562): the first 48 bits are the creation time in Unix milliseconds, the other
// 74 (apart from version and variant) random. New case ids are made this way: a case id names its
// stream and keys the case's rows in every read model, and ids that grow with time are inserted at
// the end of those B-tree indexes, where one page takes a whole batch of new cases, instead of on a
// random page each (which cost the log and the read models several dirtied pages per report).
// The creation time an id shows is no secret: the case carries it as recordedAt (and its day as
// enteredOn; reportedOn may be earlier, the day the bureau received the report).

const POOL_IDS = 256;
const pool = Buffer.alloc(POOL_IDS * 10);
let next = POOL_IDS;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A new version 7 uuid (lowercase) for the instant `nowMs` (default, and when it is not a finite number: now). */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  // An invalid Date's time (NaN) would otherwise be written into the id as the text "NaN".
  const at = Number.isFinite(nowMs) ? nowMs : Date.now();
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const r = next * 10;
  next += 1;
  const ms = Math.max(0, Math.min(Math.floor(at), 2 ** 48 - 1));
  const high = Math.floor(ms / 2 ** 16); // the first 32 bits
  const low = ms % 2 ** 16; // the next 16
  return [
    high.toString(16).padStart(8, '0'), '-',
    low.toString(16).padStart(4, '0'), '-',
    '7', HEX[pool[r]! & 0x0f]!.slice(1), HEX[pool[r + 1]!], '-',
    HEX[0x80 | (pool[r + 2]! & 0x3f)], HEX[pool[r + 3]!], '-',
    HEX[pool[r + 4]!], HEX[pool[r + 5]!], HEX[pool[r + 6]!], HEX[pool[r + 7]!], HEX[pool[r + 8]!], HEX[pool[r + 9]!],
  ].join('');
}
