import { InvalidAppendError } from './errors.js';

/** The positions of a `readAt`, checked, each once and in ascending order. */
export function positionsToRead(positions: readonly bigint[]): bigint[] {
  if (!Array.isArray(positions)) throw new InvalidAppendError(`Invalid positions ${String(positions)}: expected an array of bigints >= 0`);
  for (const position of positions) {
    if (typeof position !== 'bigint' || position < 0n) {
      throw new InvalidAppendError(`Invalid position ${String(position)}: expected a bigint >= 0`);
    }
  }
  return [...new Set(positions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
