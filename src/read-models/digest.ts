import { createHash } from 'node:crypto';
import { quoteIdentifier, sqlTableName, type ReadModelDatabase } from './read-model-database.js';

// A stable digest of each read model's content: the same events give the same digest however the
// read model was built (one rebuild, or batch by batch across restarts). Entity rows are hashed in
// key order; log tables by key, their entries in log order, independent of how they were chunked.

export type ReadModelDigests = Record<string, string>;

export function digestReadModels(database: ReadModelDatabase): ReadModelDigests {
  const digests: ReadModelDigests = {};
  for (const projection of database.projections) {
    const hash = createHash('sha256');
    for (const table of Object.keys(projection.tables).sort()) {
      const spec = projection.tables[table]!;
      const q = quoteIdentifier(sqlTableName(projection.name, table));
      hash.update(`# ${table}\n`);
      if (spec.kind === 'entity') {
        const rows = database.db.prepare(`SELECT key, doc FROM ${q} ORDER BY key`).raw(true).iterate() as IterableIterator<[string, string]>;
        for (const [key, doc] of rows) hash.update(`${key}\t${doc}\n`);
        continue;
      }
      let current: string | null = null;
      const chunks = database.db.prepare(`SELECT key, entries FROM ${q} ORDER BY key, first_position`).raw(true).iterate() as IterableIterator<[string, string]>;
      for (const [key, entries] of chunks) {
        if (key !== current) {
          if (current !== null) hash.update('\n');
          hash.update(`${key}\t`);
          current = key;
        } else {
          hash.update(',');
        }
        hash.update(entries.slice(1, -1));
      }
      if (current !== null) hash.update('\n');
    }
    digests[projection.name] = hash.digest('hex');
  }
  return digests;
}
