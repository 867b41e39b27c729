import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CompleteRectificationInput, ExtendRectificationDeadlineInput, NoteRectificationProgressInput, RecordRectificationInput,
  VerifyRectificationInput,
} from '../../domain/rectification/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { writeRoute } from '../write-route.js';

// The rectification ledger (整改台账), writes beyond the contract: the inspectors (纪检/督查) who
// follow up the units' rectification (跟踪问效) record each item, its progress, later deadlines, its
// completion and their check of it. HR and auditors read the ledger; nobody else writes it.

const WRITERS = ['inspector'] as const;
const ItemParams = z.object({ rectificationId: z.string().min(1).max(200).describe('The item\'s id (the register answered it when the item was recorded)') });
const itemLocation = (id: string) => `/api/v1/rectifications/${id}`;

export async function rectificationRoutes(app: FastifyInstance, { commands, write }: RouteGroupOptions): Promise<void> {
  writeRoute(app, write, {
    url: '/rectifications',
    roles: WRITERS,
    body: RecordRectificationInput,
    operationId: 'recordRectification',
    summary: 'Put a problem on a unit\'s rectification ledger (整改台账)',
    description: 'The problem, where it was found (a case of the register optionally), the measure, the department and person responsible, the day it was found and the deadline. '
      + '`id` is the new item\'s id. 409 `unknown_unit`, `unknown_case`, `unknown_officer`, `responsible_officer_separated`, `date_in_future` (foundOn), `date_out_of_order` (a deadline before foundOn).',
    tags: ['rectifications'],
    location: (result) => itemLocation(result.id),
    execute: ({ body }, ctx) => commands.recordRectification(body, ctx),
  });

  writeRoute(app, write, {
    url: '/rectifications/:rectificationId/progress',
    roles: WRITERS,
    params: ItemParams,
    body: NoteRectificationProgressInput,
    operationId: 'noteRectificationProgress',
    summary: 'Note the progress of an open item (整改进展)',
    description: '409 `rectification_completed` once done; `date_in_future`; `date_out_of_order` before the day found, earlier progress or a reopening check.',
    tags: ['rectifications'],
    location: (_result, params) => itemLocation(params.rectificationId),
    execute: ({ params, body }, ctx) => commands.noteRectificationProgress(body, params.rectificationId, ctx),
  });

  writeRoute(app, write, {
    url: '/rectifications/:rectificationId/extensions',
    roles: WRITERS,
    params: ItemParams,
    body: ExtendRectificationDeadlineInput,
    operationId: 'extendRectificationDeadline',
    summary: 'Give an open item a later deadline',
    description: 'Never earlier nor the same (409 `extension_not_later`), never approved by the person responsible (`extension_self_approved`), not once done (`rectification_completed`). '
      + 'An extension approved after the deadline had passed is recorded as such (`afterDeadline`): the item stays late whenever it is done. '
      + 'The responsible officer gets 403 `own_rectification`.',
    tags: ['rectifications'],
    location: (_result, params) => itemLocation(params.rectificationId),
    execute: ({ params, body }, ctx) => commands.extendRectificationDeadline(body, params.rectificationId, ctx),
  });

  writeRoute(app, write, {
    url: '/rectifications/:rectificationId/completion',
    roles: WRITERS,
    params: ItemParams,
    body: CompleteRectificationInput,
    operationId: 'completeRectification',
    summary: 'Record that an item was rectified (整改完成)',
    description: 'Late (`late: true` in the event) when done after the deadline in force, or after an earlier deadline that had passed before it was extended. '
      + '409 `rectification_completed` when already done; `date_in_future`; `date_out_of_order` before the day found, the progress or the extension recorded. '
      + 'The responsible officer gets 403 `own_rectification`.',
    tags: ['rectifications'],
    location: (_result, params) => itemLocation(params.rectificationId),
    execute: ({ params, body }, ctx) => commands.completeRectification(body, params.rectificationId, ctx),
  });

  writeRoute(app, write, {
    url: '/rectifications/:rectificationId/verification',
    roles: WRITERS,
    params: ItemParams,
    body: VerifyRectificationInput,
    operationId: 'verifyRectification',
    summary: 'Check a completed item (整改验收): accepted, or rejected and open again with a new deadline',
    description: 'The plan\'s 对整治不到位的地方实施再整治: a rejected rectification is open again until the new `dueOn`. '
      + '409 `rectification_not_completed` before completion, `rectification_already_verified` once accepted, `date_out_of_order` before the completion. '
      + 'The responsible officer gets 403 `own_rectification`.',
    tags: ['rectifications'],
    location: (_result, params) => itemLocation(params.rectificationId),
    execute: ({ params, body }, ctx) => commands.verifyRectification(body, params.rectificationId, ctx),
  });
}
