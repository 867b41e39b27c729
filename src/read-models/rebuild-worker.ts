import { parentPort, workerData } from 'node:worker_threads';
import { allProjections } from '../../projections/index.js';
import { PROJECTED_METADATA_FIELDS } from '../../projections/projected-event.js';
import type { RecordedEvent } from '../store/event-store.js';
import { readLogFile } from '../store/sqlite/log-file-reader.js';
import { ProjectionEngine } from './projection-engine.js';
import { openReadModelDatabase } from './read-model-database.js';
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from './rebuild-worker-messages.js';

// The helper thread of a rebuild: it builds its share of the projections into a file of its own,
// on the machine's other core, from the log's file when it can read it itself, or else from the
// events the rebuild reads and sends it.

const data = workerData as RebuildWorkerData;
const port = parentPort!;
const projections = allProjections.filter((p) => data.projections.includes(p.name));
const database = openReadModelDatabase({ path: data.path, projections, cacheMb: 16, deferIndexes: true, bulk: true });
const engine = new ProjectionEngine(database, { maxCachedRows: data.maxCachedRows, fresh: true, writeBack: true });

let applied = 0;

function reply(message: FromRebuildWorker): void {
  port.postMessage(message);
}

function apply(events: Iterable<RecordedEvent>): void {
  for (const event of events) {
    if (engine.apply(event)) applied += 1;
    if (engine.pendingEvents >= data.batchSize) engine.spill();
  }
}

function finish(): void {
  engine.flush();
  database.close();
  reply({ kind: 'done', events: applied });
  port.close();
}

function fail(error: unknown): void {
  database.close();
  reply({ kind: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) });
  port.close();
}

if (data.log) {
  try {
    const { file, upTo, types } = data.log;
    apply(readLogFile(file, { upTo, metadataFields: PROJECTED_METADATA_FIELDS, ...(types ? { types } : {}) }));
    finish();
  } catch (error) {
    fail(error);
  }
} else {
  port.on('message', (message: ToRebuildWorker) => {
    try {
      if (message.kind === 'events') {
        apply(message.events);
        reply({ kind: 'applied' });
        return;
      }
      finish();
    } catch (error) {
      fail(error);
    }
  });
}
