import type { z } from 'zod';
import { assignedPathId } from './case-id.js';
import { caseDecider, rectificationDecider } from '../domain/deciders.js';
import type { DomainEvent } from '../domain/event-catalogue.js';
import {
  CompleteRectificationInput, ExtendRectificationDeadlineInput, NoteRectificationProgressInput, RecordRectificationInput,
  VerifyRectificationInput,
} from '../domain/rectification/commands.js';
import { decideRectification, type RectificationCommand } from '../domain/rectification/decide.js';
import type { RectificationState } from '../domain/rectification/state.js';
import type { DecisionContext } from '../domain/shared/decision-context.js';
import { streamNames } from '../domain/streams.js';
import type { EventStore } from '../store/event-store.js';
import type { Handled } from './command-handler.js';
import type { CommandContext, WriteResult } from './command-context.js';
import { derivedUuid } from './derived-ids.js';
import { loadAggregate, type Aggregate, type AggregateCache } from './load-aggregate.js';
import { lookUpOfficer, unitExists } from './lookups.js';
import { parseInput } from './validated-input.js';
import { timeOrderedUuid } from './time-ordered-uuid.js';

// The writes to the rectification ledger (整改台账), routes beyond the contract: an item recorded for
// a unit, its progress, a later deadline, its completion and an inspector's check. Part of the
// command service (command-service.ts hands in how it writes a stream); the `id` a write answers is
// the item's own for the first, the event's for the others.

type Input<S extends z.ZodType> = z.input<S>;

export interface RectificationCommands {
  recordRectification(input: Input<typeof RecordRectificationInput>, ctx: CommandContext): Promise<WriteResult>;
  noteRectificationProgress(input: Input<typeof NoteRectificationProgressInput>, rectificationId: string, ctx: CommandContext): Promise<WriteResult>;
  extendRectificationDeadline(input: Input<typeof ExtendRectificationDeadlineInput>, rectificationId: string, ctx: CommandContext): Promise<WriteResult>;
  completeRectification(input: Input<typeof CompleteRectificationInput>, rectificationId: string, ctx: CommandContext): Promise<WriteResult>;
  verifyRectification(input: Input<typeof VerifyRectificationInput>, rectificationId: string, ctx: CommandContext): Promise<WriteResult>;
}

/** How the command service writes one stream: decide on its state, append exactly after it. */
export type StreamWriter = <S, E extends DomainEvent>(
  streamName: string,
  aggregate: Aggregate<S, E>,
  ctx: CommandContext,
  decide: (state: S, dctx: DecisionContext) => Promise<readonly E[]> | readonly E[],
  options?: { newStream?: boolean },
) => Promise<Handled & { revision: bigint; position: bigint }>;

export interface RectificationCommandDeps {
  store: EventStore;
  write: StreamWriter;
  aggregates: AggregateCache;
}

/** An item id in the URL path: a uuid the register gave (in capitals, the same item), else unknown (404). */
function itemPathId(rectificationId: string): string {
  return assignedPathId('rectification', rectificationId);
}

export function rectificationCommands({ store, write, aggregates }: RectificationCommandDeps): RectificationCommands {
  const itemWrite = async (
    rectificationId: string, ctx: CommandContext,
    command: (state: RectificationState) => Promise<RectificationCommand> | RectificationCommand,
    options: { newStream?: boolean } = {},
  ) => write(streamNames.rectification(rectificationId), rectificationDecider, ctx,
    async (state, dctx) => decideRectification(await command(state), state, dctx), options);

  const eventAnswer = (handled: Handled & { revision: bigint; position: bigint }): WriteResult =>
    ({ id: handled.written[0]!.id, revision: handled.revision, position: handled.position });

  const caseExists = async (caseId: string | null | undefined): Promise<boolean> =>
    caseId === null || caseId === undefined || (await loadAggregate(store, streamNames.case(caseId), caseDecider, aggregates)).state.exists;

  return {
    async recordRectification(input, ctx) {
      const body = parseInput(RecordRectificationInput, input);
      // Time-ordered, as a case's; a keyed request's comes from its key, so that a retry names the same item.
      const rectificationId = ctx.idempotencySeed !== undefined ? derivedUuid(ctx.idempotencySeed, 'rectification') : timeOrderedUuid(ctx.now.toMillis());
      const officerId = body.responsibleOfficerId ?? null;
      const handled = await itemWrite(rectificationId, ctx, async () => ({
        type: 'RecordRectification', rectificationId, input: body,
        unitExists: await unitExists(store, body.unitId, aggregates),
        caseExists: await caseExists(body.caseId),
        responsibleOfficer: officerId === null ? null : await lookUpOfficer(store, officerId, aggregates),
      }), { newStream: true });
      return { id: rectificationId, revision: handled.revision, position: handled.position };
    },

    async noteRectificationProgress(input, rectificationId, ctx) {
      const body = parseInput(NoteRectificationProgressInput, input);
      const id = itemPathId(rectificationId);
      return eventAnswer(await itemWrite(id, ctx, () => ({ type: 'NoteRectificationProgress', rectificationId: id, input: body })));
    },

    async extendRectificationDeadline(input, rectificationId, ctx) {
      const body = parseInput(ExtendRectificationDeadlineInput, input);
      const id = itemPathId(rectificationId);
      return eventAnswer(await itemWrite(id, ctx, () => ({ type: 'ExtendRectificationDeadline', rectificationId: id, input: body })));
    },

    async completeRectification(input, rectificationId, ctx) {
      const body = parseInput(CompleteRectificationInput, input);
      const id = itemPathId(rectificationId);
      return eventAnswer(await itemWrite(id, ctx, () => ({ type: 'CompleteRectification', rectificationId: id, input: body })));
    },

    async verifyRectification(input, rectificationId, ctx) {
      const body = parseInput(VerifyRectificationInput, input);
      const id = itemPathId(rectificationId);
      return eventAnswer(await itemWrite(id, ctx, () => ({ type: 'VerifyRectification', rectificationId: id, input: body })));
    },
  };
}
