// The keys a rebuild has written to a table, so that a cache miss for a key never written needs no
// SELECT and its first write can be a plain INSERT. A rebuild writes about a million keys: kept as
// strings in a Set they held some 80 MB. This keeps a Bloom filter instead (about 1 MiB a table):
// "maybe written" for every key written, and now and then for one that was not. Such a false
// "maybe" costs a SELECT that finds nothing, or an upsert where an insert would do: never a wrong
// row.

/** Bits per table: 2^23 (1 MiB). With 3 probes, 300,000 keys give a false "maybe" 0.1% of the time, a million 3%. */
const BITS = 1 << 23;
const MASK = BITS - 1;
const PROBES = 3;

export class WrittenKeys {
  private readonly bits = new Uint32Array(BITS / 32);

  add(key: string): void {
    const [a, b] = hashes(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & MASK;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  /** False: never written. True: written, or (rarely) not. */
  mayHave(key: string): boolean {
    const [a, b] = hashes(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) & MASK;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two 32-bit FNV-1a hashes of the key's UTF-16 code units (different offset bases); the second odd, for double hashing. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, (b | 1) >>> 0];
}
