import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badCursor } from './bad-cursor.js';
import { readAlerts } from '../../../read-models/queries/accountability-alerts-query.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { assertRangeInOrder, awaitMinPosition, today, type ReadContext } from './read-context.js';
import { Alerts, AlertsQuery } from './schemas.js';

export function alertsRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  app.withTypeProvider<ZodTypeProvider>().get('/accountability-alerts', {
    onRequest: requireRoles(['inspector', 'auditor']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'accountabilityAlerts',
      summary: 'Who must be held accountable (四必究) and which verifications are overdue',
      description: 'bj-1: the officer of a substantiated breach; bj-2: the head of their unit; bj-3: the agency head, when one unit has three or more person-breaches (人次: an officer\'s substantiated breach in a case; the same officer in two cases counts twice) within a calendar year (one alert per episode, which lasts a year); bj-4: the transport authority (交通运输主管部门), for an officer\'s breach found serious (情节严重、造成恶劣影响) or criminal. Each bj-1 and bj-2 alert lists `measures`: the sanctions in force on the one accountable in that case (as a subject, or as unit head) and, for the officer, the interventions held (约谈、函询); empty: outstanding (`?outstanding=true`). Overdue verifications: due date passed, a subject still without a finding, case open, as of today. from/to bound the day an alert was raised; unitId and limit apply to both lists. Alerts come in pages of `limit` (`alertsTotal`, `nextCursor`, `?cursor=`); the overdue verifications are the `limit` most overdue of `overdueTotal`.',
      tags: ['cases'],
      security: [{ bearerAuth: [] }],
      querystring: AlertsQuery,
      response: { 200: Alerts, ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request) => {
    const { ruleRef, unitId, outstanding, from, to, limit, cursor } = request.query;
    assertRangeInOrder(request.query, 'from', 'to');
    try {
      return readAlerts(context.db, {
        today: today(context), limit, ...(cursor !== undefined ? { cursor } : {}),
      ...(ruleRef !== undefined ? { ruleRef } : {}), ...(unitId !== undefined ? { unitId } : {}),
        ...(outstanding !== undefined ? { outstanding } : {}),
        ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
      });
    } catch (error) {
      badCursor(error);
    }
  });
}
