// Caches kept as a Map in the order their keys were last set (a Map iterates in insertion order):
// the first keys are the ones used longest ago.

/** Sets `key` as the most recent entry; past `max` entries, the oldest tenth goes at once (at least one, never `key`). */
export function setMostRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= max) return;
  // A tenth at once: dropping one entry per set cost ~9 us each on a full cache, as a Map keeps the
  // slots of deleted entries until it is rebuilt and finding the oldest walked past all of them.
  let excess = Math.max(1, Math.min(map.size - max + Math.ceil(max / 10), map.size - 1));
  for (const oldest of map.keys()) {
    map.delete(oldest);
    if (--excess <= 0) break;
  }
}
