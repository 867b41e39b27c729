import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../application/command-context.js';
import { statement, table } from '../../read-models/queries/statements.js';
import type { ProjectionRunner } from '../../read-models/projection-runner.js';
import { requireRoles } from '../auth.js';

// The pickers' directory (not part of the API contract): the units and officers the register
// knows, with names, so the pages can suggest ids and filter by unit. Read from the officer-history
// read model, which already keeps both (units with their names, officers with name and unit).
// Posts have no read model yet, so the list of posts is empty until one exists.

export interface DirectoryEntry {
  id: string;
  name: string;
  unitId?: string;
}

export interface Directory {
  units: DirectoryEntry[];
  posts: DirectoryEntry[];
  officers: DirectoryEntry[];
}

const DirectoryQuery = z.object({
  unitId: z.string().min(1).max(64).optional(),
  /** Read-your-writes, as on the API's reads: wait briefly until the read models reach it. */
  minPosition: z.string().regex(/^\d{1,20}$/).optional(),
});

const MIN_POSITION_WAIT_MS = 2_000;

export function readDirectory(db: Database.Database, unitId?: string): Directory {
  const units = statement(db, `SELECT key, json_extract(doc, '$.name') FROM ${table('officer_history', 'units')} ORDER BY key`)
    .raw(true).all() as [string, string | null][];
  const officersSql = `SELECT key, name, unit_id FROM ${table('officer_history', 'officers')} WHERE name IS NOT NULL`;
  const officers = (unitId === undefined
    ? statement(db, `${officersSql} ORDER BY key`).raw(true).all()
    : statement(db, `${officersSql} AND unit_id = ? ORDER BY key`).raw(true).all(unitId)) as [string, string, string | null][];
  return {
    units: units.map(([id, name]) => ({ id, name: name ?? id })),
    posts: [],
    officers: officers.map(([id, name, unit]) => ({ id, name, ...(unit ? { unitId: unit } : {}) })),
  };
}

export async function directoryRoute(app: FastifyInstance, options: { projections: ProjectionRunner }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/web/directory.json', {
    schema: { hide: true, querystring: DirectoryQuery },
    onRequest: requireRoles(roles),
  }, async (request, reply) => {
    if (request.query.minPosition !== undefined) {
      await options.projections.waitForPosition(BigInt(request.query.minPosition), MIN_POSITION_WAIT_MS);
    }
    reply.header('cache-control', 'no-store');
    return readDirectory(options.projections.database.db, request.query.unitId);
  });
}
