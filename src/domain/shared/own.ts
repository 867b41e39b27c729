// Records keyed by ids a client chooses (officers, sanctions, appeals) are plain objects: a lookup
// must only find the record's own entries, never what every object inherits (`constructor`,
// `toString`, `hasOwnProperty` are valid ids).

/** `record[key]` when it is the record's own entry, else undefined. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
