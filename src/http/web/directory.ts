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
// read model's small directory tables (units with their names, posts with their titles, units,
// whether enforcement, and sensitivity and rotation period as their latest change has them,
// officers with their names, and the unit when the row keeps one). The directory only helps fill in
// forms: if the read model's layout ever changes under it,
// the pages get empty lists (and the log a warning), never an error.

export interface DirectoryEntry {
  id: string;
  name: string;
  unitId?: string;
  /** An officer who left service (dismissed or expelled): listed, in no unit any more. */
  left?: true;
  /** A post: whether it is an enforcement post, and (as its latest change has it) important or sensitive, with its rotation period. */
  enforcement?: boolean;
  sensitive?: boolean;
  rotationPeriodMonths?: number | null;
}

export interface Directory {
  units: DirectoryEntry[];
  posts: DirectoryEntry[];
  officers: DirectoryEntry[];
}

const DirectoryQuery = z.strictObject({
  unitId: z.string().min(1).max(64).optional(),
  /** Read-your-writes, as on the API's reads: wait briefly until the read models reach it. */
  minPosition: z.string().regex(/^\d{1,20}$/).optional(),
});

const MIN_POSITION_WAIT_MS = 2_000;

export function readDirectory(db: Database.Database, unitId?: string): Directory {
  const units = statement(db, `SELECT key, json_extract(doc, '$.name') FROM ${table('officer_history', 'units')} ORDER BY key`)
    .raw(true).all() as [string, string | null][];
  const officers = statement(db, `SELECT key, COALESCE(json_extract(doc, '$.name'), json_extract(doc, '$.officer.name'))
    FROM ${table('officer_history', 'officers')} ORDER BY key`).raw(true).all() as [string, string | null][];
  const posts = statement(db, `SELECT key, json_extract(doc, '$.title'), json_extract(doc, '$.unitId'), json_extract(doc, '$.enforcement'),
    json_extract(doc, '$.sensitive'), json_extract(doc, '$.rotationPeriodMonths')
    FROM ${table('officer_history', 'posts')} ORDER BY key`).raw(true).all() as [string, string | null, string, number | null, number | null, number | null][];
  // The officer-history directory row keeps the name only: each officer's unit now (the unit of the
  // post they hold, else the one they are registered in, corrections included) is the one the
  // rotation schedule keeps with the officer.
  const now = officersNow(db);
  return {
    units: units.map(([id, name]) => ({ id, name: name ?? id })),
    posts: posts
      .filter(([, , unit]) => unitId === undefined || unit === unitId)
      .map(([id, title, unit, enforcement, sensitive, months]) => ({
        id, name: title ?? id, unitId: unit, enforcement: enforcement === 1, sensitive: sensitive === 1, rotationPeriodMonths: months,
      })),
    officers: officers
      .map(([id, name]) => {
        const known = now.get(id);
        const left = known !== undefined && !known.inService;
        return { id, name, unit: left ? null : known?.unitId ?? null, left };
      })
      .filter(({ name, unit }) => name !== null && (unitId === undefined || unit === unitId))
      .map(({ id, name, unit, left }) => ({ id, name: name!, ...(unit ? { unitId: unit } : {}), ...(left ? { left: true as const } : {}) })),
  };
}

/**
 * Each officer's unit now and whether still in service, from the rotation schedule's officers (two
 * columns: no document is read); none when that table cannot be read.
 */
function officersNow(db: Database.Database): Map<string, { unitId: string | null; inService: boolean }> {
  try {
    const rows = statement(db, `SELECT key, unit_id, in_service FROM ${table('rotation_schedule', 'officers')}`)
      .raw(true).all() as [string, string | null, number][];
    return new Map(rows.map(([id, unitId, inService]) => [id, { unitId, inService: inService === 1 }]));
  } catch {
    return new Map();
  }
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
    try {
      return readDirectory(options.projections.database.db, request.query.unitId);
    } catch (error) {
      request.log.warn({ err: error }, 'the web directory could not be read from the read models; answering empty lists');
      return { units: [], posts: [], officers: [] } satisfies Directory;
    }
  });
}
