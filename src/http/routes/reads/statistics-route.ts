import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readStatistics } from '../../../read-models/queries/statistics-query.js';
import { rectificationStatistics } from '../../../read-models/queries/rectification-ledger-query.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { sendCsv } from './csv.js';
import { negotiatedFormat } from './format.js';
import { assertRangeInOrder, awaitMinPosition, today, type ReadContext } from './read-context.js';
import { statisticsColumns, statisticsRows } from './statistics-csv.js';
import { ResponseCache } from './response-cache.js';
import { jsonOrCsv, Statistics, StatisticsQuery } from './schemas.js';

export function statisticsRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  const cache = new ResponseCache();
  app.withTypeProvider<ZodTypeProvider>().get('/statistics', {
    onRequest: requireRoles(['inspector', 'hr', 'auditor', 'admin']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'statistics',
      summary: 'Counts by category, channel, unit, rule cited and sanction kind over from..to (for the briefings)',
      description: 'Both ends inclusive, either may be left open. Every list names every code of its kind, zero included, in the order of the codes (categories, channels, rules, sanction kinds and capacities, finding outcomes, intervention kinds); the lists by unit name every unit registered (with `unitId`, that unit), zero included, and `unitNames` names them. `?format=csv` (or `Accept: text/csv`) downloads the counts as one table for a briefing (a row per count, every code of each list, zero included). Cases are counted by the day they were reported (basis=reported, default) or the day the breach happened (basis=occurred), once per category, channel, each rule the report cites (byRule: every rule of the catalogue, zero included; a correction of the rules moves the counts) and each unit of their subjects; sanctions by the day they took effect, by the kind in force after appeals (annulled ones no longer count), and by the unit of the breach (a subject\'s unit; for a unit head held accountable, the unit they answer for; for anyone else, the case\'s unit when it has one); findings by the day recorded; interventions by the day held. `unitId` gives one unit\'s counts alone: its cases, the sanctions counted in it (as above), the findings on its subjects (a finding once in each unit of the subjects it names) and the interventions held with them; an unknown unit counts zero, as other lists filtered by unit answer none.',
      tags: ['statistics'],
      security: [{ bearerAuth: [] }],
      querystring: StatisticsQuery,
      response: { 200: jsonOrCsv(Statistics, 'The counts (JSON), or the same counts as one table (`?format=csv`)'), ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    const { from, to, basis, unitId, format, lang } = request.query;
    assertRangeInOrder(request.query, 'from', 'to');
    const query = { basis, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(unitId !== undefined ? { unitId } : {}) };
    if (negotiatedFormat(request, reply, format) === 'csv') {
      const view = readStatistics(context.db, query);
      // The range (and the unit) in the file's name: a briefing's downloads of several periods and units stay apart.
      const filename = `statistics-${from ?? 'start'}-${to ?? today(context)}${basis === 'occurred' ? '-occurred' : ''}${unitId !== undefined ? `-${unitId}` : ''}.csv`;
      const rows = statisticsRows(view, lang);
      return sendCsv(reply, filename, statisticsColumns, { db: context.db, streaming: false, release: () => {} }, () => rows, lang);
    }
    // The rectification ledger's items found in the period, by unit and status today (so the day is part of the question).
    const day = today(context);
    const body = cache.get(JSON.stringify({ ...query, day }), context.runner.position(),
      () => ({ ...readStatistics(context.db, query), rectifications: rectificationStatistics(context.db, { ...query, today: day }) }));
    // Already serialized: sent as it is (the 200 schema documents its shape).
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
  });
}
