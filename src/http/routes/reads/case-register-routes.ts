import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badCursor } from './bad-cursor.js';
import { canonicalId } from '../../../application/case-id.js';
import { lookUpUnitHeads } from '../../../application/lookups.js';
import { caseConcerns } from '../../../domain/case/concerned-officers.js';
import { isSubjectsHead } from '../../../domain/case/decide/guards.js';
import { iterateCases, listCases, readCase, type CaseSummary } from '../../../read-models/queries/case-register-query.js';
import { requireRoles } from '../../auth.js';
import { HttpProblem, problem, problemResponses } from '../../problem.js';
import { recordEventIds } from './case-event-ids.js';
import { sendCsv, type CsvColumn } from './csv.js';
import { negotiatedFormat } from './format.js';
import { label, yesNo } from './labels.js';
import { assertRangeInOrder, awaitMinPosition, PROJECTION_POSITION_HEADER, today, type ReadContext } from './read-context.js';
import { CaseDetail, CaseListQuery, CasePage, CaseParams, jsonOrCsv } from './schemas.js';

const columns: CsvColumn<CaseSummary>[] = [
  { header: { zh: '案件编号', en: 'caseId' }, value: (c) => c.caseId },
  { header: { zh: '状态', en: 'status' }, value: (c, lang) => label('caseStatus', c.status, lang) },
  { header: { zh: '问题类别', en: 'category' }, value: (c, lang) => label('category', c.category, lang) },
  { header: { zh: '线索来源', en: 'channel' }, value: (c, lang) => label('channel', c.channel, lang) },
  { header: { zh: '发生日期', en: 'occurredOn' }, value: (c) => c.occurredOn },
  { header: { zh: '受理日期', en: 'reportedOn' }, value: (c) => c.reportedOn },
  { header: { zh: '登记日期', en: 'enteredOn' }, value: (c) => c.enteredOn },
  { header: { zh: '当事人', en: 'subjects' }, value: (c) => c.subjects.map((s) => (s.name ? `${s.name}(${s.officerId})` : s.officerId)).join('、') },
  { header: { zh: '所在单位', en: 'unitIds' }, value: (c) => [...new Set(c.subjects.map((s) => s.unitId))].join('、') },
  { header: { zh: '简要情况', en: 'summary' }, value: (c) => c.summary },
  { header: { zh: '核实人', en: 'inspectorId' }, value: (c) => c.inspectorId },
  { header: { zh: '核实期限', en: 'dueOn' }, value: (c) => c.dueOn },
  { header: { zh: '逾期未核实', en: 'overdue' }, value: (c, lang) => yesNo(c.overdue, lang) },
  { header: { zh: '超期办理', en: 'late' }, value: (c, lang) => yesNo(c.late, lang) },
  { header: { zh: '核实结论', en: 'findingOutcomes' }, value: (c, lang) => c.findingOutcomes.map((o) => label('outcome', o, lang)).join('、') },
  { header: { zh: '处理人次', en: 'sanctionCount' }, value: (c) => c.sanctionCount },
  { header: { zh: '结案日期', en: 'closedOn' }, value: (c) => c.closedOn },
];

export function caseRegisterRoutes(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/cases', {
    onRequest: requireRoles(['inspector', 'auditor']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'listCases',
      summary: 'The case register (案件台账), newest report first',
      description: 'Filters: status, category, channel, overdue=true (verification due date passed, a subject still without a finding, still open), officerId, unitId, inspectorId, reportedFrom/To (on reportedOn, the day the bureau received the report). Each case gives reportedOn and enteredOn, the day it was entered in the register (later when a report received on paper or by phone was entered late). Pages of `limit` cases with `nextCursor`; `?format=csv` (or `Accept: text/csv`) downloads every matching case. The reporter is never listed.',
      tags: ['cases'],
      security: [{ bearerAuth: [] }],
      querystring: CaseListQuery,
      response: { 200: jsonOrCsv(CasePage, 'A page of the register (JSON), or every matching case (`?format=csv`)'), ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    const { limit, cursor, format, lang, minPosition: _m, ...filters } = request.query;
    assertRangeInOrder(filters, 'reportedFrom', 'reportedTo');
    const query = { today: today(context), timezone: context.timezone, ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) };
    if (negotiatedFormat(request, reply, format) === 'csv') {
      return sendCsv(reply, `cases-${query.today}.csv`, columns, context.exportReader(), (db) => iterateCases(db, query), lang);
    }
    try {
      return listCases(context.db, { ...query, limit, ...(cursor !== undefined ? { cursor } : {}) });
    } catch (error) {
      return badCursor(error);
    }
  });

  typed.get('/cases/:caseId', {
    onRequest: requireRoles(['inspector', 'auditor']),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'getCase',
      summary: 'One case with everything recorded under it',
      description: 'The reporter\'s identity is included only for inspectors the case does not concern: not a subject, '
        + 'nor an officer a sanction or an accountability flag of the case names, nor the head of a subject\'s unit on the day of the breach. '
        + '`concernsYou` says whether the case concerns the caller so (the register then refuses their writes to it with 403 `actor_is_subject`).',
      tags: ['cases'],
      security: [{ bearerAuth: [] }],
      params: CaseParams,
      querystring: CaseListQuery.pick({ minPosition: true }),
      response: { 200: CaseDetail, ...problemResponses(400, 401, 403, 404, 503) },
    },
  }, async (request, reply) => {
    const { caseId } = request.params;
    const { actor } = request;
    // The position the response's header names (set when the request was admitted): the case as it stood there.
    const header = reply.getHeader(PROJECTION_POSITION_HEADER);
    const upTo = typeof header === 'string' && header !== '' ? BigInt(header) : null;
    // Case ids are uuids: in capitals they name the same case (as they do for writes).
    const events = recordEventIds(context.store);
    const read = await readCase(context.db, events.store, canonicalId(caseId) ?? caseId, { today: today(context), timezone: context.timezone, includeReporter: true, upTo });
    const found = read && events.withEventIds(read);
    if (!found) throw new HttpProblem(problem(404, `No case ${caseId} in the register`));
    // Only those handling the case see who reported it: inspectors the case does not concern, nor
    // the head of a subject's unit on the day of the breach, whom the finding holds accountable
    // (they neither verify it nor record its finding, before it names them as after). The answer
    // says whether the case concerns the caller: the register refuses their writes to it.
    const self = actor.officerId;
    const concernsYou = self !== undefined && (
      caseConcerns(found, self)
      || isSubjectsHead(await lookUpUnitHeads(context.store, found.subjects.map((s) => s.unitId), found.occurredOn, context.aggregates), self)
    );
    if (actor.roles.includes('inspector') && !concernsYou) return { ...found, concernsYou };
    const { reporter: _protected, ...withoutReporter } = found;
    return { ...withoutReporter, concernsYou };
  });
}
