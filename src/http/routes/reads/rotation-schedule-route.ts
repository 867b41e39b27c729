import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badCursor } from './bad-cursor.js';
import { iterateRotationSchedule, readRotationSchedule, type RotationItem } from '../../../read-models/queries/rotation-schedule-query.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { sendCsv, type CsvColumn } from './csv.js';
import { negotiatedFormat } from './format.js';
import { label } from './labels.js';
import { ResponseCache } from './response-cache.js';
import { awaitMinPosition, today, type ReadContext } from './read-context.js';
import { jsonOrCsv, RotationSchedulePage, RotationScheduleQuery } from './schemas.js';

const columns: CsvColumn<RotationItem>[] = [
  { header: { zh: '人员编号', en: 'officerId' }, value: (r) => r.officerId },
  { header: { zh: '姓名', en: 'officerName' }, value: (r) => r.officerName },
  { header: { zh: '单位编号', en: 'unitId' }, value: (r) => r.unitId },
  { header: { zh: '单位', en: 'unitName' }, value: (r) => r.unitName },
  { header: { zh: '岗位编号', en: 'postId' }, value: (r) => r.postId },
  { header: { zh: '岗位', en: 'postTitle' }, value: (r) => r.postTitle },
  { header: { zh: '任职起始日', en: 'since' }, value: (r) => r.since },
  { header: { zh: '轮岗周期(月)', en: 'periodMonths' }, value: (r) => r.periodMonths },
  { header: { zh: '应轮岗日期', en: 'dueOn' }, value: (r) => r.dueOn },
  { header: { zh: '延期至', en: 'deferredUntil' }, value: (r) => r.deferredUntil },
  { header: { zh: '实际到期日', en: 'effectiveDueOn' }, value: (r) => r.effectiveDueOn },
  { header: { zh: '状态', en: 'status' }, value: (r, lang) => label('rotationStatus', r.status, lang) },
  { header: { zh: '最近警示教育日期', en: 'lastWarningEducationOn' }, value: (r) => r.lastWarningEducationOn },
  { header: { zh: '离岗培训起始日', en: 'offPostTrainingSince' }, value: (r) => r.offPostTrainingSince },
  { header: { zh: '离岗培训至', en: 'offPostTrainingUntil' }, value: (r) => r.offPostTrainingUntil },
];

export function rotationScheduleRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  const cache = new ResponseCache();
  app.withTypeProvider<ZodTypeProvider>().get('/rotation-schedule', {
    onRequest: requireRoles(['hr', 'inspector', 'auditor']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'rotationSchedule',
      summary: 'Everyone holding a sensitive post, soonest rotation first (定期轮岗)',
      description: 'Status against today in the bureau\'s zone: overdue (due date passed), due_soon (within dueSoonDays, default 90), ok. Each row gives the holder\'s latest warning education (`lastWarningEducationOn`); `educatedBefore` lists those with none since a day. A holder in off-post training (离岗培训) keeps the post and its due date, but cannot be moved until the training is completed: `offPostTrainingSince` and `offPostTrainingUntil` (its planned end) say so. Pages of `limit` rows with `nextCursor`; `?format=csv` (or `Accept: text/csv`) downloads every matching row.',
      tags: ['officers'],
      security: [{ bearerAuth: [] }],
      querystring: RotationScheduleQuery,
      response: { 200: jsonOrCsv(RotationSchedulePage, 'A page of the schedule (JSON), or every matching row (`?format=csv`)'), ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    const { unitId, status, dueBefore, educatedBefore, limit, cursor, format, lang } = request.query;
    const filters = {
      today: today(context),
      dueSoonDays: request.query.dueSoonDays ?? context.dueSoonDays,
      ...(unitId !== undefined ? { unitId } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(dueBefore !== undefined ? { dueBefore } : {}),
      ...(educatedBefore !== undefined ? { educatedBefore } : {}),
    };
    if (negotiatedFormat(request, reply, format) === 'csv') {
      return sendCsv(reply, `rotation-schedule-${filters.today}.csv`, columns, context.exportReader(), (db) => iterateRotationSchedule(db, filters), lang);
    }
    try {
      const query = { ...filters, limit, ...(cursor !== undefined ? { cursor } : {}) };
      const body = cache.get(JSON.stringify(query), context.runner.position(), () => readRotationSchedule(context.db, query));
      // Already serialized: sent as it is (the 200 schema documents its shape).
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
    } catch (error) {
      badCursor(error);
    }
  });
}
