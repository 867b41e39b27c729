import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badCursor } from './bad-cursor.js';
import { z } from 'zod';
import { rectificationStatuses } from '../../../../projections/rectification-ledger.js';
import { canonicalId } from '../../../application/case-id.js';
import { rectificationSources, verificationOutcomes } from '../../../domain/rectification/commands.js';
import {
  iterateRectifications, listRectifications, readRectification, type RectificationItem,
} from '../../../read-models/queries/rectification-ledger-query.js';
import { requireRoles } from '../../auth.js';
import { HttpProblem, problem, problemResponses } from '../../problem.js';
import { sendCsv, type CsvColumn } from './csv.js';
import { negotiatedFormat } from './format.js';
import { label, yesNo } from './labels.js';
import { awaitMinPosition, today, type ReadContext } from './read-context.js';
import { ResponseCache } from './response-cache.js';
import { booleanString, date, Format, jsonOrCsv, Lang, limit, MinPosition } from './schemas.js';

// The rectification ledger (整改台账), a read beyond the contract: each unit's problems, measures,
// who answers for them and by when, open, overdue (against today in the bureau's zone) or done; in
// pages, as one item with its history, or as a spreadsheet with a Chinese header like the others.

/** Who reads the ledger: the inspectors who keep it, HR, and the auditors. */
export const RECTIFICATION_READERS = ['inspector', 'hr', 'auditor'] as const;

const columns: CsvColumn<RectificationItem>[] = [
  { header: { zh: '编号', en: 'rectificationId' }, value: (r) => r.rectificationId },
  { header: { zh: '单位编号', en: 'unitId' }, value: (r) => r.unitId },
  { header: { zh: '单位', en: 'unitName' }, value: (r) => r.unitName },
  { header: { zh: '问题来源', en: 'source' }, value: (r, lang) => label('rectificationSource', r.source, lang) },
  { header: { zh: '关联案件', en: 'caseId' }, value: (r) => r.caseId },
  { header: { zh: '存在问题', en: 'problem' }, value: (r) => r.problem },
  { header: { zh: '整改措施', en: 'measure' }, value: (r) => r.measure },
  { header: { zh: '责任部门', en: 'responsibleDepartment' }, value: (r) => r.responsibleDepartment },
  { header: { zh: '责任人', en: 'responsiblePerson' }, value: (r) => r.responsiblePerson },
  { header: { zh: '责任人编号', en: 'responsibleOfficerId' }, value: (r) => r.responsibleOfficerId },
  { header: { zh: '发现日期', en: 'foundOn' }, value: (r) => r.foundOn },
  { header: { zh: '原定时限', en: 'originalDueOn' }, value: (r) => r.originalDueOn },
  { header: { zh: '整改时限', en: 'dueOn' }, value: (r) => r.dueOn },
  { header: { zh: '延期次数', en: 'extensionCount' }, value: (r) => r.extensionCount },
  { header: { zh: '状态', en: 'status' }, value: (r, lang) => label('rectificationStatus', r.status, lang) },
  { header: { zh: '逾期天数', en: 'overdueDays' }, value: (r) => r.overdueDays },
  { header: { zh: '最新进展', en: 'latestProgress' }, value: (r) => (r.latestProgress ? `${r.latestProgress.on} ${r.latestProgress.note}` : null) },
  { header: { zh: '完成日期', en: 'completedOn' }, value: (r) => r.completedOn },
  { header: { zh: '整改情况', en: 'completionSummary' }, value: (r) => r.completionSummary },
  { header: { zh: '逾期完成', en: 'late' }, value: (r, lang) => (r.late === null ? null : yesNo(r.late, lang)) },
  { header: { zh: '验收结果', en: 'verification' }, value: (r, lang) => label('verificationOutcome', r.verification?.outcome ?? null, lang) },
  { header: { zh: '验收日期', en: 'verifiedOn' }, value: (r) => r.verification?.on ?? null },
];

export const RectificationListQuery = z.strictObject({
  unitId: z.string().min(1).max(64).optional().describe('Items of this unit\'s ledger'),
  status: z.enum(rectificationStatuses).optional()
    .describe('open: not done, deadline not passed; overdue: not done, deadline passed (today in the bureau\'s zone); done: rectified (a check that rejected it makes it open again)'),
  dueBefore: date('Only items whose deadline in force is before this day').optional(),
  accepted: booleanString.optional().describe('true: done and accepted on a check (验收通过); false: not (yet) accepted'),
  limit: limit(1000, 100),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  format: Format,
  lang: Lang,
  ...MinPosition,
});

const RectificationParams = z.object({ rectificationId: z.string().min(1).max(200).describe('The item\'s id (a uuid the register assigned)') });

const itemFields = {
  rectificationId: z.string(), unitId: z.string(), unitName: z.string().nullable(), problem: z.string(), source: z.enum(rectificationSources),
  caseId: z.string().nullable(), measure: z.string(), responsibleDepartment: z.string(), responsiblePerson: z.string(),
  responsibleOfficerId: z.string().nullable(), foundOn: z.string(),
  originalDueOn: z.string().describe('The deadline first set'),
  dueOn: z.string().describe('The deadline in force: a later one after an extension, or the one a check that rejected the rectification set'),
  missedDueOn: z.string().nullable().describe('The first deadline that passed with the item not done (an extension approved after it, or a completion after it): lateness no later deadline erases'),
  extensionCount: z.number(),
  latestProgress: z.object({ on: z.string(), note: z.string() }).nullable(),
  status: z.enum(rectificationStatuses).describe('Against today in the bureau\'s zone'),
  overdueDays: z.number().describe('Days past the deadline of an overdue item; 0 otherwise'),
  completedOn: z.string().nullable(), completionSummary: z.string().nullable(),
  late: z.boolean().nullable().describe('Whether the completion in force was late; null while open'),
  verification: z.object({ on: z.string(), outcome: z.enum(verificationOutcomes), note: z.string() }).nullable().describe('The latest check (整改验收)'),
  accepted: z.boolean(), rejectionCount: z.number(), recordedAt: z.string(), recordedBy: z.string(),
};

export const RectificationPage = z.object({
  today: z.string(),
  total: z.number().describe('Items matching the filters, on all pages'),
  counts: z.object({ open: z.number(), overdue: z.number(), done: z.number() }).describe('Items matching the filters other than status, by status'),
  items: z.array(z.object(itemFields).meta({ id: 'RectificationItem' })),
  nextCursor: z.string().nullable(),
}).meta({ id: 'RectificationPage' });

export const RectificationDetail = z.object({
  ...itemFields,
  timeline: z.array(z.looseObject({
    kind: z.enum(['recorded', 'progress', 'extension', 'completion', 'verification']), on: z.string(),
    eventId: z.string(), position: z.string(), recordedAt: z.string(), recordedBy: z.string(),
  })).describe('Everything recorded on the item, in the order recorded'),
}).meta({ id: 'RectificationDetail' });

export function rectificationReadRoutes(app: FastifyInstance, context: ReadContext, serializerCompiler: () => (data: unknown) => string): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const cache = new ResponseCache();
  typed.get('/rectifications', {
    onRequest: requireRoles(RECTIFICATION_READERS),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'listRectifications',
      summary: 'The rectification ledger (整改台账): open items first, soonest deadline first, then those done',
      description: 'Each item: the problem, where it was found, the measure, the department and person responsible, the deadline in force (and the first one), '
        + 'its latest progress, completion and check. `status` against today in the bureau\'s zone: open, overdue (deadline passed, not done), done. '
        + 'Filters unitId, status, dueBefore, accepted; `counts` gives the items of each status for the other filters. '
        + 'Pages of `limit` items with `nextCursor`; `?format=csv` downloads every matching item.',
      tags: ['rectifications'],
      security: [{ bearerAuth: [] }],
      querystring: RectificationListQuery,
      response: { 200: jsonOrCsv(RectificationPage, 'A page of the ledger (JSON), or every matching item (`?format=csv`)'), ...problemResponses(400, 401, 403, 503) },
    },
  }, async (request, reply) => {
    const { unitId, status, dueBefore, accepted, limit, cursor, format, lang } = request.query;
    const filters = {
      today: today(context),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(dueBefore !== undefined ? { dueBefore } : {}),
      ...(accepted !== undefined ? { accepted } : {}),
    };
    if (negotiatedFormat(request, reply, format) === 'csv') {
      return sendCsv(reply, `rectifications-${unitId !== undefined ? `${unitId}-` : ''}${filters.today}.csv`, columns, context.exportReader(),
        (db) => iterateRectifications(db, filters), lang);
    }
    try {
      const query = { ...filters, limit, ...(cursor !== undefined ? { cursor } : {}) };
      const body = cache.get(JSON.stringify(query), context.runner.position(), () => listRectifications(context.db, query));
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
    } catch (error) {
      return badCursor(error);
    }
  });

  typed.get('/rectifications/:rectificationId', {
    onRequest: requireRoles(RECTIFICATION_READERS),
    preHandler: awaitMinPosition(context),
    serializerCompiler,
    schema: {
      operationId: 'getRectification',
      summary: 'One item of the rectification ledger, with everything recorded on it',
      tags: ['rectifications'],
      security: [{ bearerAuth: [] }],
      params: RectificationParams,
      querystring: z.strictObject({ ...MinPosition }),
      response: { 200: RectificationDetail, ...problemResponses(400, 401, 403, 404, 503) },
    },
  }, async (request) => {
    const { rectificationId } = request.params;
    const found = readRectification(context.db, canonicalId(rectificationId) ?? rectificationId, today(context));
    if (!found) throw new HttpProblem(problem(404, `No item ${rectificationId} on the rectification ledger`));
    return found;
  });
}
