import type { Random } from './random.js';
import { GIVEN, SURNAMES } from './vocabulary.js';

/** A Chinese name: a surname and one or two given characters. */
export function personName(rnd: Random): string {
  return `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN)}${rnd.chance(0.6) ? rnd.pick(GIVEN) : ''}`;
}
