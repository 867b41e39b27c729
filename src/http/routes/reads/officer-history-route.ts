import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { readOfficerHistory } from '../../../read-models/queries/officer-history-query.js';
import { requireRoles } from '../../auth.js';
import { HttpProblem, problem, problemResponses } from '../../problem.js';
import { awaitMinPosition, type ReadContext } from './read-context.js';
import { OfficerHistory, OfficerHistoryQuery, OfficerParams } from './schemas.js';

/** `asOf` as milliseconds: an instant as given, a date as the end of that day in the bureau's zone. */
function asOfMs(asOf: string, timezone: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return DateTime.fromISO(asOf, { zone: timezone }).endOf('day').toMillis();
  return DateTime.fromISO(asOf, { setZone: true }).toMillis();
}

export function officerHistoryRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  app.withTypeProvider<ZodTypeProvider>().get('/officers/:officerId/history', {
    onRequest: requireRoles(['inspector', 'hr', 'auditor', 'admin']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'officerHistory',
      summary: 'An officer\'s current state and full timeline (as of an instant with ?asOf=)',
      description: 'Unit, post, qualification, sanctions in force, training, service, the cases the officer is involved in, and every event about the officer with who recorded it and when. Never the identity of a reporter.',
      tags: ['officers'],
      security: [{ bearerAuth: [] }],
      params: OfficerParams,
      querystring: OfficerHistoryQuery,
      response: { 200: OfficerHistory, ...problemResponses(400, 401, 403, 404, 503) },
    },
  }, async (request) => {
    const { officerId } = request.params;
    const { asOf } = request.query;
    const view = await readOfficerHistory(context.db, context.store, officerId, asOf === undefined ? {} : { asOf, asOfMs: asOfMs(asOf, context.timezone) });
    if (!view) {
      throw new HttpProblem(problem(404, asOf === undefined ? `No officer ${officerId} in the register` : `The register had no record of officer ${officerId} as of ${asOf}`));
    }
    return view;
  });
}
