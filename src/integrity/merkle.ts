import { createHash } from 'node:crypto';

// A Merkle tree hash in the shape of RFC 6962 (Certificate Transparency): leaves and inner nodes are
// hashed with different prefixes (0x00 / 0x01) so a leaf can never pass for a node, and a list of n
// leaves splits at the largest power of two below n. The empty list hashes to sha256 of nothing.

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function merkleLeafHash(leaf: string): Buffer {
  return createHash('sha256').update(LEAF).update(leaf, 'utf8').digest();
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The root over leaves already hashed with merkleLeafHash, in their given order, as lowercase hex. */
export function merkleRootOfLeafHashes(leafHashes: readonly Buffer[]): string {
  if (leafHashes.length === 0) return createHash('sha256').digest('hex');
  return subtree(leafHashes, 0, leafHashes.length).toString('hex');
}

export function merkleRoot(leaves: readonly string[]): string {
  return merkleRootOfLeafHashes(leaves.map(merkleLeafHash));
}

function subtree(leaves: readonly Buffer[], start: number, end: number): Buffer {
  const count = end - start;
  if (count === 1) return leaves[start]!;
  let split = 1;
  while (split * 2 < count) split *= 2;
  return nodeHash(subtree(leaves, start, start + split), subtree(leaves, start + split, end));
}
