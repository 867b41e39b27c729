import { join } from 'node:path';
import { READ_MODEL_FILE } from '../read-models/read-model-database.js';

// What lives in DATA_DIR (the same names src/config.ts gives the register): the embedded event
// store, the Idempotency-Key answers, and the read models (rebuildable from the log at any time).

export interface DataDirLayout {
  dataDir: string;
  events: string;
  idempotency: string;
  readModels: string;
}

export function dataDirLayout(dataDir: string): DataDirLayout {
  return {
    dataDir,
    events: join(dataDir, 'events.db'),
    idempotency: join(dataDir, 'idempotency.db'),
    readModels: join(dataDir, READ_MODEL_FILE),
  };
}
