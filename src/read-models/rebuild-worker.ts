import { parentPort, workerData } from 'node:worker_threads';
import { allProjections } from '../../projections/index.js';
import { ProjectionEngine } from './projection-engine.js';
import { openReadModelDatabase } from './read-model-database.js';
import type { FromRebuildWorker, RebuildWorkerData, ToRebuildWorker } from './rebuild-worker-messages.js';

// The helper thread of a rebuild: it builds its share of the projections from the events the
// rebuild reads and forwards, into a file of its own, on the machine's other core.

const data = workerData as RebuildWorkerData;
const port = parentPort!;
const projections = allProjections.filter((p) => data.projections.includes(p.name));
const database = openReadModelDatabase({ path: data.path, projections, cacheMb: 16, deferIndexes: true, bulk: true });
const engine = new ProjectionEngine(database, { maxCachedRows: data.maxCachedRows, fresh: true, writeBack: true });

let applied = 0;

function reply(message: FromRebuildWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToRebuildWorker) => {
  try {
    if (message.kind === 'events') {
      for (const event of message.events) {
        if (engine.apply(event)) applied += 1;
        if (engine.pendingEvents >= data.batchSize) engine.spill();
      }
      reply({ kind: 'applied' });
      return;
    }
    engine.flush();
    database.close();
    reply({ kind: 'done', events: applied });
    port.close();
  } catch (error) {
    database.close();
    reply({ kind: 'failed', error: error instanceof Error ? error.stack ?? error.message : String(error) });
    port.close();
  }
});
