import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badCursor } from './bad-cursor.js';
import { iterateOfficerRoster, readOfficerRoster, type RosterItem } from '../../../read-models/queries/officer-roster-query.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { sendCsv, type CsvColumn } from './csv.js';
import { negotiatedFormat } from './format.js';
import { label, yesNo } from './labels.js';
import { awaitMinPosition, today, type ReadContext } from './read-context.js';
import { ResponseCache } from './response-cache.js';
import { jsonOrCsv, OfficerRosterPage, OfficerRosterQuery } from './schemas.js';

const columns: CsvColumn<RosterItem>[] = [
  { header: { zh: '人员编号', en: 'officerId' }, value: (r) => r.officerId },
  { header: { zh: '姓名', en: 'name' }, value: (r) => r.name },
  { header: { zh: '单位编号', en: 'unitId' }, value: (r) => r.unitId },
  { header: { zh: '单位', en: 'unitName' }, value: (r) => r.unitName },
  { header: { zh: '入职日期', en: 'hiredOn' }, value: (r) => r.hiredOn },
  { header: { zh: '在职', en: 'inService' }, value: (r, lang) => yesNo(r.inService, lang) },
  { header: { zh: '离职方式', en: 'separationKind' }, value: (r, lang) => label('sanctionKind', r.separation?.kind ?? null, lang) },
  { header: { zh: '离职日期', en: 'separatedOn' }, value: (r) => r.separation?.effectiveOn ?? null },
  { header: { zh: '持有执法资格', en: 'qualified' }, value: (r, lang) => yesNo(r.qualified, lang) },
  { header: { zh: '执法证号', en: 'certificateNo' }, value: (r) => r.certificateNo },
  { header: { zh: '持证起始日', en: 'qualifiedSince' }, value: (r) => r.qualifiedSince },
  { header: { zh: '取消执法资格日期', en: 'qualificationRevokedOn' }, value: (r) => r.qualificationRevokedOn },
  { header: { zh: '岗位编号', en: 'postId' }, value: (r) => r.postId },
  { header: { zh: '岗位', en: 'postTitle' }, value: (r) => r.postTitle },
  { header: { zh: '任岗日期', en: 'postSince' }, value: (r) => r.postSince },
  { header: { zh: '执法岗位', en: 'enforcementPost' }, value: (r, lang) => (r.enforcementPost === null ? null : yesNo(r.enforcementPost, lang)) },
  { header: { zh: '重要敏感岗位', en: 'sensitivePost' }, value: (r, lang) => (r.sensitivePost === null ? null : yesNo(r.sensitivePost, lang)) },
  { header: { zh: '应轮岗日期', en: 'rotationDueOn' }, value: (r) => r.rotationDueOn },
  { header: { zh: '离岗培训起始日', en: 'offPostTrainingSince' }, value: (r) => r.offPostTrainingSince },
  { header: { zh: '离岗培训至', en: 'offPostTrainingUntil' }, value: (r) => r.offPostTrainingUntil },
  {
    header: { zh: '处理记录', en: 'sanctions' },
    // One cell: each sanction's kind and day, in the order they took effect.
    value: (r, lang) => r.sanctions.map((s) => `${label('sanctionKind', s.kind, lang)} ${s.effectiveOn}`).join(lang === 'zh' ? '；' : '; ') || null,
  },
  { header: { zh: '最近警示教育日期', en: 'lastWarningEducationOn' }, value: (r) => r.lastWarningEducationOn },
];

export function officerRosterRoute(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  const cache = new ResponseCache();
  app.withTypeProvider<ZodTypeProvider>().get('/officers', {
    onRequest: requireRoles(['hr', 'inspector', 'auditor']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'officerRoster',
      summary: 'The roster (花名册): every officer as they stand now',
      description: 'Unit, post, enforcement qualification, service, off-post training and the sanctions on each officer\'s record, in officer id order. '
        + 'Filters by unit, post, service and qualification, or part of a name or id. Pages of `limit` rows with `nextCursor`; `?format=csv` (or `Accept: text/csv`) downloads every matching officer.',
      tags: ['officers'],
      security: [{ bearerAuth: [] }],
      querystring: OfficerRosterQuery,
      response: { 200: jsonOrCsv(OfficerRosterPage, 'A page of the roster (JSON), or every matching officer (`?format=csv`)'), ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    const { unitId, inService, qualified, postId, search, limit, cursor, format, lang } = request.query;
    const filters = {
      ...(unitId !== undefined ? { unitId } : {}),
      ...(inService !== undefined ? { inService } : {}),
      ...(qualified !== undefined ? { qualified } : {}),
      ...(postId !== undefined ? { postId } : {}),
      ...(search !== undefined ? { search } : {}),
    };
    if (negotiatedFormat(request, reply, format) === 'csv') {
      return sendCsv(reply, `officers-${today(context)}.csv`, columns, context.exportReader(), (db) => iterateOfficerRoster(db, filters), lang);
    }
    try {
      const query = { ...filters, limit, ...(cursor !== undefined ? { cursor } : {}) };
      const body = cache.get(JSON.stringify(query), context.runner.position(), () => readOfficerRoster(context.db, query));
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
    } catch (error) {
      badCursor(error);
    }
  });
}
