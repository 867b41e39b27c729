import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { rotationStatus } from '../../../../projections/rotation-schedule.js';
import type { CalendarDate } from '../../../domain/shared/calendar.js';
import { readOfficerHistory } from '../../../read-models/queries/officer-history-query.js';
import { requireRoles } from '../../auth.js';
import { HttpProblem, problem, problemResponses } from '../../problem.js';
import { awaitMinPosition, today, type ReadContext } from './read-context.js';
import { OfficerHistory, OfficerHistoryQuery, OfficerParams } from './schemas.js';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `asOf` as milliseconds: an instant as given, a date as the end of that day in the bureau's zone. */
function asOfMs(asOf: string, timezone: string): number {
  if (CALENDAR_DATE.test(asOf)) return DateTime.fromISO(asOf, { zone: timezone }).endOf('day').toMillis();
  return DateTime.fromISO(asOf, { setZone: true }).toMillis();
}

/** The bureau's day the history is of: today, or the day of `asOf` in the bureau's zone. */
function dayOf(asOf: string | undefined, context: ReadContext): CalendarDate {
  if (asOf === undefined) return today(context);
  if (CALENDAR_DATE.test(asOf)) return asOf;
  return DateTime.fromISO(asOf, { setZone: true }).setZone(context.timezone).toISODate()!;
}

export function officerHistoryRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  app.withTypeProvider<ZodTypeProvider>().get('/officers/:officerId/history', {
    onRequest: requireRoles(['inspector', 'hr', 'auditor', 'admin']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'officerHistory',
      summary: 'An officer\'s current state and full timeline (as of an instant with ?asOf=)',
      description: 'Unit, post, qualification, sanctions in force, training, service, the cases the officer is involved in, and every event about the officer with who recorded it and when. Never the identity of a reporter. '
        + 'The rotation clock of a sensitive post held carries its `status` (`overdue`, `due_soon`, `ok`) on the day looked at (today, or the day of `asOf`), as the rotation schedule gives it.',
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
    // The rotation clock's status on the day looked at, as the rotation schedule gives it (only
    // while in service: the schedule lists nobody who left).
    const { rotation } = view.state;
    if (!rotation || !view.state.inService) return view;
    const status = rotationStatus(rotation.dueOn, dayOf(asOf, context), context.dueSoonDays);
    return { ...view, state: { ...view.state, rotation: { ...rotation, status } } };
  });
}
