import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignVerificationInput, AttachEvidenceInput, CloseCaseInput, CorrectCaseInput, DecideAppealInput, FileAppealInput,
  ImposeSanctionInput, RecordFindingInput, RecordInterventionInput, ReportCaseInput,
} from '../../domain/case/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { requireRoles } from '../auth.js';
import { problemResponses } from '../problem.js';
import { PROTECTED_FIELDS } from '../../integrity/protected-fields.js';
import { writeRoute } from '../write-route.js';
import { AppealParams, CaseParams } from './path-params.js';

// Cases and everything under them: inspectors only. A user the case concerns (a subject, an officer
// it sanctions, the unit head it holds accountable) is refused (403, rule actor_is_subject) by the
// domain, whatever their role.

export async function caseRoutes(app: FastifyInstance, { commands, write }: RouteGroupOptions): Promise<void> {
  const tags = ['cases'];
  const roles = ['inspector'] as const;
  const caseLocation = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

  writeRoute(app, write, {
    url: '/cases',
    roles,
    body: ReportCaseInput,
    operationId: 'reportCase',
    summary: 'Report a violation against one or more officers',
    description: 'Answers the new case id in `id`. The reporter\'s identity is kept from everyone but those handling the case.',
    tags,
    location: (result) => caseLocation(result.id),
    protectedFields: PROTECTED_FIELDS.CaseReported,
    execute: ({ body }, ctx) => commands.reportCase(body, ctx),
  });

  // Checks a report the way POST /cases does (token, role, body) and writes nothing: forms can
  // check before submitting, and it measures the cost of the HTTP layer without storage.
  app.withTypeProvider<ZodTypeProvider>().post('/cases/validate', {
    schema: {
      operationId: 'validateCaseReport',
      summary: 'Check a case report without recording it',
      description: 'Authenticates and validates the body exactly as POST /api/v1/cases does, then answers 200 without writing anything. Whether the officers exist and the rules allow the report is only known when it is recorded.',
      tags,
      security: [{ bearerAuth: [] }],
      body: ReportCaseInput,
      response: { 200: z.object({ valid: z.literal(true) }), ...problemResponses(400, 401, 403, 413, 415, 429) },
    },
    onRequest: requireRoles(roles),
  }, async () => ({ valid: true as const }));

  const underCase = <B extends z.ZodType>(
    path: string,
    operationId: string,
    summary: string,
    body: B,
    execute: (body: z.output<B>, caseId: string, ctx: Parameters<typeof commands.reportCase>[1]) => ReturnType<typeof commands.reportCase>,
    description?: string,
  ) =>
    writeRoute(app, write, {
      url: `/cases/:caseId/${path}`,
      roles,
      params: CaseParams,
      body,
      operationId,
      summary,
      ...(description ? { description } : {}),
      tags,
      execute: ({ params, body: input }, ctx) => execute(input, params.caseId, ctx),
    });

  underCase('verification', 'assignVerification', 'Assign (or hand over) the verification (核实) of a case', AssignVerificationInput,
    (body, caseId, ctx) => commands.assignVerification(body, caseId, ctx));
  underCase('evidence', 'attachEvidence', 'Attach evidence to a case', AttachEvidenceInput,
    (body, caseId, ctx) => commands.attachEvidence(body, caseId, ctx), 'Answers the evidence id in `id`.');
  underCase('interventions', 'recordIntervention', 'Record an early intervention (约谈 / 函询)', RecordInterventionInput,
    (body, caseId, ctx) => commands.recordIntervention(body, caseId, ctx));
  underCase('findings', 'recordFinding', 'Record the finding of the verification', RecordFindingInput,
    (body, caseId, ctx) => commands.recordFinding(body, caseId, ctx));
  underCase('sanctions', 'imposeSanction', 'Impose a sanction on an officer', ImposeSanctionInput,
    (body, caseId, ctx) => commands.imposeSanction(body, caseId, ctx), 'Answers the sanction id in `id`.');
  underCase('appeals', 'fileAppeal', 'File a review (复核) or an appeal (申诉) of a sanction', FileAppealInput,
    (body, caseId, ctx) => commands.fileAppeal(body, caseId, ctx), 'Answers the appeal id in `id`.');
  underCase('closure', 'closeCase', 'Close the case (办结)', CloseCaseInput,
    (body, caseId, ctx) => commands.closeCase(body, caseId, ctx));
  underCase('corrections', 'correctCase', 'Correct a mistaken entry of the report (the original stays in the log)', CorrectCaseInput,
    (body, caseId, ctx) => commands.correctCase(body, caseId, ctx));

  writeRoute(app, write, {
    url: '/cases/:caseId/appeals/:appealId/decision',
    roles,
    params: AppealParams,
    body: DecideAppealInput,
    operationId: 'decideAppeal',
    summary: 'Decide a review or an appeal (never harsher than the sanction)',
    tags,
    execute: ({ params, body }, ctx) => commands.decideAppeal(body, params.caseId, params.appealId, ctx),
  });
}
