import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { encodeAuditLine } from '../../../integrity/audit-line.js';
import { openReadModelReader, type ReadModelDatabase } from '../../../read-models/read-model-database.js';
import { DEFAULT_DUE_SOON_DAYS } from '../../../../projections/rotation-schedule.js';
import type { RouteGroupOptions } from '../../app.js';
import { alertsRoute } from './alerts-route.js';
import { auditEventsRoute, type AuditLineEncoder } from './audit-events-route.js';
import { caseRegisterRoutes } from './case-register-routes.js';
import { officerHistoryRoute } from './officer-history-route.js';
import { officerRosterRoute } from './officer-roster-route.js';
import { rectificationReadRoutes } from './rectification-routes.js';
import type { ExportReader, ReadContext } from './read-context.js';
import { rotationScheduleRoute } from './rotation-schedule-route.js';
import { statisticsRoute } from './statistics-route.js';
import { AggregateCache } from '../../../application/load-aggregate.js';

// The read routes of the contract (../shared/API.md, Reads): they answer from the projections'
// read models through a read-only connection of their own, and `?minPosition=` waits on the runner.

export interface ReadRouteOptions extends RouteGroupOptions {
  /** Rotation due within this many days is `due_soon` (default 90). */
  dueSoonDays?: number;
  /** How long `?minPosition=` may wait for the read models (default 2,000 ms). */
  minPositionWaitMs?: number;
  /** How the audit stream writes an event: the integrity module's encoder (redaction) by default. */
  encodeAuditLine?: AuditLineEncoder;
}

/** How long a reader of read models since made again stays open for the reads under way on it. */
const RETIRED_READER_GRACE_MS = 30_000;

function closeQuietly(db: Database.Database, app: FastifyInstance): void {
  try {
    db.close();
  } catch (error) {
    app.log.warn({ err: error }, 'a reader of read models since made again could not be closed');
  }
}

/** Read answers are serialized as built: the queries make them, a second validation would only cost time. */
const asJson = () => (data: unknown) => JSON.stringify(data);

export async function readRoutes(app: FastifyInstance, options: ReadRouteOptions): Promise<void> {
  auditEventsRoute(app, options.store, options.encodeAuditLine ?? encodeAuditLine);
  const runner = options.projections;
  if (!runner) {
    app.log.warn('no projection runner: the read routes other than the audit stream are not served');
    return;
  }
  // The reader is opened on first use: while DATA_DIR cannot be written yet, the read models do not
  // exist (runner.database throws StoreUnavailableError, a 503) and the register still starts.
  // When the read models are made again (their file found damaged, set aside and rebuilt in a new
  // one), the runner's database is another: the reader is opened again on the new file. The old one
  // is closed a little later, so reads under way on it (between two awaits) finish.
  let reader: { db: Database.Database; inMemory: boolean; of: ReadModelDatabase } | null = null;
  const retired = new Set<Database.Database>();
  const retire = (db: Database.Database) => {
    retired.add(db);
    setTimeout(() => {
      if (retired.delete(db)) closeQuietly(db, app);
    }, RETIRED_READER_GRACE_MS).unref();
  };
  const connection = () => {
    const database = runner.database;
    if (reader === null || reader.of !== database) {
      if (reader !== null && !reader.inMemory) retire(reader.db);
      const { path, db } = database;
      reader = path === ':memory:' ? { db, inMemory: true, of: database } : { db: openReadModelReader(path), inMemory: false, of: database };
    }
    return reader;
  };
  /** Exports being sent, each on a connection of its own. */
  const exports = new Set<Database.Database>();
  const exportReader = (): ExportReader => {
    const shared = connection();
    if (shared.inMemory) return { db: shared.db, streaming: false, release: () => undefined };
    const db = openReadModelReader(runner.database.path, { cacheMb: 2 });
    exports.add(db);
    return {
      db,
      streaming: true,
      release: () => {
        if (exports.delete(db)) db.close();
      },
    };
  };
  app.addHook('onClose', async () => {
    // A download still being read when the register stops (its client gone, its stream not yet
    // closed): its connection is closed with the rest, or left to the process's end if still busy.
    for (const db of exports) {
      try {
        db.close();
      } catch (error) {
        app.log.warn({ err: error }, 'a CSV download was still being read at shutdown');
      }
    }
    exports.clear();
    for (const db of retired) closeQuietly(db, app);
    retired.clear();
    if (reader && !reader.inMemory) reader.db.close();
  });
  const context: ReadContext = {
    get db() {
      return connection().db;
    },
    runner,
    store: options.store,
    aggregates: new AggregateCache(),
    timezone: options.bureauTimezone,
    clock: options.write.clock,
    dueSoonDays: options.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS,
    minPositionWaitMs: options.minPositionWaitMs ?? 2_000,
    exportReader,
  };
  officerHistoryRoute(app, context, asJson);
  rotationScheduleRoute(app, context, asJson);
  officerRosterRoute(app, context, asJson);
  caseRegisterRoutes(app, context, asJson);
  statisticsRoute(app, context, asJson);
  alertsRoute(app, context, asJson);
  rectificationReadRoutes(app, context, asJson);
}
