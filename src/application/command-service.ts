import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AssignVerificationInput, AttachEvidenceInput, CloseCaseInput, CorrectCaseInput, DecideAppealInput, FileAppealInput,
  ImposeSanctionInput, RecordFindingInput, RecordInterventionInput, ReportCaseInput,
} from '../domain/case/commands.js';
import { decideCase, type CaseCommand } from '../domain/case/decide.js';
import { caseDecider, officerDecider, postDecider, unitDecider } from '../domain/deciders.js';
import type { DomainEvent } from '../domain/event-catalogue.js';
import {
  AssignOfficerInput, CompleteOffPostTrainingInput, CorrectOfficerInput, DeferRotationInput, GrantQualificationInput,
  RecordWarningEducationInput, RegisterOfficerInput,
} from '../domain/officer/commands.js';
import { decideOfficer, type OfficerCommand } from '../domain/officer/decide.js';
import { ChangePostInput, DefinePostInput } from '../domain/post/commands.js';
import { decidePost } from '../domain/post/decide.js';
import { DEFAULT_BUREAU_TIMEZONE } from '../domain/shared/calendar.js';
import { ClientId, type SanctionKind } from '../domain/shared/codes.js';
import { own } from '../domain/shared/own.js';
import { unitMoves, withUnits } from '../domain/case/subject-units.js';
import { DEFAULT_SANCTION_BAR_MONTHS, DEFAULT_VERIFICATION_DAYS, type DecisionContext } from '../domain/shared/decision-context.js';
import { NotFoundError } from '../domain/shared/errors.js';
import { streamNames } from '../domain/streams.js';
import { AppointUnitHeadInput, RegisterUnitInput } from '../domain/unit/commands.js';
import { decideUnit } from '../domain/unit/decide.js';
import type { EventStore } from '../store/event-store.js';
import { zoneConverter } from './bureau-zone.js';
import { randomHex } from './random-hex.js';
import { derivedUuid } from './derived-ids.js';
import { timeOrderedUuid } from './time-ordered-uuid.js';
import { handleCommand, type Handled } from './command-handler.js';
import type { CommandContext, WriteResult } from './command-context.js';
import { originOf } from './event-metadata.js';
import { AggregateCache, type Aggregate } from './load-aggregate.js';
import { lookUpOfficer, lookUpOfficers, lookUpPost, lookUpUnitHeads, unitExists } from './lookups.js';
import { syncSanctionEffects } from './sanction-effects.js';
import { syncHeldPost, syncPostHolders, type PostHolderHint } from './post-changes.js';
import { parseInput } from './validated-input.js';
import { assignedPathId } from './case-id.js';
import { rectificationCommands, type RectificationCommands } from './rectification-commands.js';

// One method per write of the contract (../shared/API.md). Each validates its input with the same
// schema the route uses (so scripts calling it directly get the same 400s; a body the route has
// validated already is not parsed twice, see validated-input.ts), looks up what the
// decision needs from other streams, and lets the handler decide and append.
//
// The `id` a write answers: the new unit, post, officer or case; the new sanction, appeal or
// evidence; for an appeal decision, the appeal; for every other write, the id of the event
// written (the record a later correction would name).

export interface CommandServiceDeps {
  store: EventStore;
  /** The bureau's zone: "today" for every date rule (default Asia/Shanghai). */
  timezone?: string;
  /** Default verification period in days (default 30). */
  verificationDays?: number;
  /** Months a reassignment or loss of qualification bars enforcement posts (and a new qualification); default 12. */
  sanctionBarMonths?: number;
  /** Retries on a concurrent write to the same stream (default 4); never with If-Match. */
  maxRetries?: number;
  /**
   * Called when a sanction's officer-side effect could not be written right after the case append.
   * The write itself succeeded and is answered; the sanction-effect reactor completes the effect.
   */
  onEffectDeferred?: (error: unknown, sanction: { caseId: string; sanctionId: string }) => void;
  /**
   * The officers the read models have on a post, and the position they were read at: a change of the
   * post then reads only the log after it to find the post's holders (without it, the whole log).
   */
  postHolders?: PostHolderHint;
  /** Called when a change of a post could not reach all its holders right away: the post-change reactor completes it. */
  onPostChangeDeferred?: (error: unknown, change: { postId: string; changeEventId: string }) => void;
}

type Input<S extends z.ZodType> = z.input<S>;

/** The writes of the contract, and those of the rectification ledger (rectification-commands.ts). */
export interface CommandService extends RectificationCommands {
  registerUnit(input: Input<typeof RegisterUnitInput>, ctx: CommandContext): Promise<WriteResult>;
  appointUnitHead(input: Input<typeof AppointUnitHeadInput>, unitId: string, ctx: CommandContext): Promise<WriteResult>;
  definePost(input: Input<typeof DefinePostInput>, ctx: CommandContext): Promise<WriteResult>;
  changePost(input: Input<typeof ChangePostInput>, postId: string, ctx: CommandContext): Promise<WriteResult>;
  registerOfficer(input: Input<typeof RegisterOfficerInput>, ctx: CommandContext): Promise<WriteResult>;
  grantQualification(input: Input<typeof GrantQualificationInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  assignOfficer(input: Input<typeof AssignOfficerInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  deferRotation(input: Input<typeof DeferRotationInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  recordWarningEducation(input: Input<typeof RecordWarningEducationInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  completeOffPostTraining(input: Input<typeof CompleteOffPostTrainingInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  correctOfficer(input: Input<typeof CorrectOfficerInput>, officerId: string, ctx: CommandContext): Promise<WriteResult>;
  reportCase(input: Input<typeof ReportCaseInput>, ctx: CommandContext): Promise<WriteResult>;
  assignVerification(input: Input<typeof AssignVerificationInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  attachEvidence(input: Input<typeof AttachEvidenceInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  recordIntervention(input: Input<typeof RecordInterventionInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  recordFinding(input: Input<typeof RecordFindingInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  imposeSanction(input: Input<typeof ImposeSanctionInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  fileAppeal(input: Input<typeof FileAppealInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  decideAppeal(input: Input<typeof DecideAppealInput>, caseId: string, appealId: string, ctx: CommandContext): Promise<WriteResult>;
  closeCase(input: Input<typeof CloseCaseInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
  correctCase(input: Input<typeof CorrectCaseInput>, caseId: string, ctx: CommandContext): Promise<WriteResult>;
}

/** An id in the URL path that cannot name anything is simply unknown (404), never a bad stream name. */
function pathId(resource: 'unit' | 'post' | 'officer', id: string): string {
  if (!ClientId.safeParse(id).success) throw new NotFoundError(resource, id);
  return id;
}

function casePathId(caseId: string): string {
  return assignedPathId('case', caseId);
}

export function createCommandService(deps: CommandServiceDeps): CommandService {
  const { store } = deps;
  const timezone = deps.timezone ?? DEFAULT_BUREAU_TIMEZONE;
  const verificationDays = deps.verificationDays ?? DEFAULT_VERIFICATION_DAYS;
  const sanctionBarMonths = deps.sanctionBarMonths ?? DEFAULT_SANCTION_BAR_MONTHS;
  const onEffectDeferred = deps.onEffectDeferred ?? ((error, { caseId, sanctionId }) => {
    process.emitWarning(`The officer-side effect of sanction ${sanctionId} (case ${caseId}) is deferred to the reactor: ${String(error)}`, {
      code: 'SANCTION_EFFECT_DEFERRED',
    });
  });

  const onPostChangeDeferred = deps.onPostChangeDeferred ?? ((error, { postId, changeEventId }) => {
    process.emitWarning(`The change ${changeEventId} of post ${postId} is deferred to the reactor for some of its holders: ${String(error)}`, {
      code: 'POST_CHANGE_DEFERRED',
    });
  });

  // States of the streams commands read, kept up to date by reading only what was written since.
  const aggregates = new AggregateCache();
  const inBureauZone = zoneConverter(timezone);
  // `now` already in the bureau's zone: "today" then needs no time-zone conversion in the decision.
  const decisionContext = (ctx: CommandContext): DecisionContext => ({
    now: inBureauZone(ctx.now), timezone, actor: ctx.actor, verificationDays, sanctionBarMonths,
  });

  async function write<S, E extends DomainEvent>(
    streamName: string,
    aggregate: Aggregate<S, E>,
    ctx: CommandContext,
    decide: (state: S, dctx: DecisionContext) => Promise<readonly E[]> | readonly E[],
    options: { newStream?: boolean } = {},
  ): Promise<Handled & { revision: bigint; position: bigint }> {
    const dctx = decisionContext(ctx);
    const seed = ctx.idempotencySeed;
    const handled = await handleCommand({
      store, streamName, aggregate, cache: aggregates, origin: originOf(ctx), maxRetries: deps.maxRetries, newStream: options.newStream ?? false,
      ...(ctx.expectedRevision !== undefined ? { expectedRevision: ctx.expectedRevision } : {}),
      ...(seed !== undefined ? { eventIds: (index: number) => derivedUuid(seed, `${streamName}#${index}`) } : {}),
      decide: (state) => decide(state, dctx),
    });
    if (handled.position === null || handled.revision === 'no_stream') {
      throw new Error(`A write to ${streamName} decided to write nothing`);
    }
    return { ...handled, revision: handled.revision, position: handled.position };
  }

  /** A new id for what a command creates: random, or derived from the request's Idempotency-Key. */
  const newId = (ctx: CommandContext, purpose: string): string =>
    ctx.idempotencySeed !== undefined ? derivedUuid(ctx.idempotencySeed, purpose) : randomUUID();

  const answer = (id: string, handled: { revision: bigint; position: bigint }): WriteResult => ({
    id, revision: handled.revision, position: handled.position,
  });
  const firstEventId = (handled: Handled): string => handled.written[0]!.id;

  const officerWrite = async (officerId: string, ctx: CommandContext, command: (dctx: DecisionContext) => Promise<OfficerCommand> | OfficerCommand) => {
    const handled = await write(streamNames.officer(pathId('officer', officerId)), officerDecider, ctx, async (state, dctx) =>
      decideOfficer(await command(dctx), state, dctx));
    return answer(firstEventId(handled), handled);
  };

  const caseWrite = (
    caseId: string, ctx: CommandContext, command: (state: typeof caseDecider.initialState) => Promise<CaseCommand> | CaseCommand,
    options: { newStream?: boolean } = {},
  ) => write(streamNames.case(casePathId(caseId)), caseDecider, ctx, async (state, dctx) => decideCase(await command(state), state, dctx), options);

  /** Writes the officer-side effect right away; a failure here leaves it to the reactor. */
  async function completeEffects(caseId: string, sanctionId: string, causationId: string, ctx: CommandContext): Promise<void> {
    try {
      await syncSanctionEffects(store, caseId, sanctionId, { ...originOf(ctx), causationId });
    } catch (error) {
      onEffectDeferred(error, { caseId, sanctionId });
    }
  }

  /**
   * The change of a post reaches its holders' records right away (the log positions written); a
   * failure here leaves it to the reactor.
   */
  async function completePostChange(postId: string, changeEventId: string, ctx: CommandContext): Promise<bigint[]> {
    try {
      const written = await syncPostHolders(store, postId, { ...originOf(ctx), causationId: changeEventId }, {
        cache: aggregates, ...(deps.postHolders ? { hint: deps.postHolders } : {}),
      });
      return written.flatMap((handled) => (handled.position === null ? [] : [handled.position]));
    } catch (error) {
      onPostChangeDeferred(error, { postId, changeEventId });
      return [];
    }
  }

  /**
   * After a write that put the officer on a post: the post may have changed after the write looked
   * it up and before the change looked for its holders (post-changes.ts); their record is brought up
   * to date then. Nothing to do otherwise (the usual case: one read of each stream, from the cache).
   */
  async function recheckHeldPost(officerId: string, ctx: CommandContext, causationId: string): Promise<void> {
    try {
      await syncHeldPost(store, officerId, { ...originOf(ctx), causationId }, aggregates);
    } catch (error) {
      process.emitWarning(`Officer ${officerId}'s record of the post they took could not be checked against the post: ${String(error)}`, {
        code: 'POST_CHANGE_DEFERRED',
      });
    }
  }

  /** The head of each subject's unit on the day of the breach: none of them acts on the case. */
  async function headsOnBreachDay(state: typeof caseDecider.initialState): Promise<Record<string, string | null>> {
    return state.exists ? lookUpUnitHeads(store, state.subjects.map((s) => s.unitId), state.occurredOn, aggregates) : {};
  }

  /** For an appeal decision with a replacement: the sanctioned officer's facts. */
  async function replacementOfficer(state: typeof caseDecider.initialState, appealId: string, replacementKind: SanctionKind | null) {
    if (!state.exists || replacementKind === null) return null;
    const sanctionId = own(state.appeals, appealId)?.sanctionId;
    const officerId = sanctionId === undefined ? undefined : own(state.sanctions, sanctionId)?.officerId;
    return officerId === undefined ? null : lookUpOfficer(store, officerId, aggregates);
  }

  return {
    ...rectificationCommands({ store, write, aggregates }),

    async registerUnit(input, ctx) {
      const body = parseInput(RegisterUnitInput, input);
      const handled = await write(streamNames.unit(body.unitId), unitDecider, ctx, (state, dctx) =>
        decideUnit({ type: 'RegisterUnit', input: body }, state, dctx));
      return answer(body.unitId, handled);
    },

    async appointUnitHead(input, unitId, ctx) {
      const body = parseInput(AppointUnitHeadInput, input);
      const handled = await write(streamNames.unit(pathId('unit', unitId)), unitDecider, ctx, async (state, dctx) =>
        decideUnit({ type: 'AppointUnitHead', unitId, input: body, officer: state.exists ? await lookUpOfficer(store, body.officerId, aggregates) : null }, state, dctx));
      return answer(firstEventId(handled), handled);
    },

    async definePost(input, ctx) {
      const body = parseInput(DefinePostInput, input);
      const handled = await write(streamNames.post(body.postId), postDecider, ctx, async (state, dctx) =>
        decidePost({ type: 'DefinePost', input: body, unitExists: await unitExists(store, body.unitId, aggregates) }, state, dctx));
      return answer(body.postId, handled);
    },

    async changePost(input, postId, ctx) {
      const body = parseInput(ChangePostInput, input);
      // The post the acting user holds, if they are an officer on one: they do not change it.
      const actorPostId = async () => {
        const own = ctx.actor.officerId;
        return own !== undefined && ClientId.safeParse(own).success ? (await lookUpOfficer(store, own, aggregates))?.postId ?? null : null;
      };
      const handled = await write(streamNames.post(pathId('post', postId)), postDecider, ctx, async (state, dctx) =>
        decidePost({ type: 'ChangePost', postId, input: body, actorPostId: state.exists ? await actorPostId() : null }, state, dctx));
      const changeEventId = firstEventId(handled);
      const reached = await completePostChange(postId, changeEventId, ctx);
      // The position of the last event written, the holders' included: ?minPosition= with it reads them too.
      const position = reached.reduce((last, p) => (p > last ? p : last), handled.position);
      return { id: changeEventId, revision: handled.revision, position };
    },

    async registerOfficer(input, ctx) {
      const body = parseInput(RegisterOfficerInput, input);
      const handled = await write(streamNames.officer(body.officerId), officerDecider, ctx, async (state, dctx) =>
        decideOfficer({ type: 'RegisterOfficer', input: body, unitExists: await unitExists(store, body.unitId, aggregates) }, state, dctx));
      return answer(body.officerId, handled);
    },

    async grantQualification(input, officerId, ctx) {
      const body = parseInput(GrantQualificationInput, input);
      return officerWrite(officerId, ctx, () => ({ type: 'GrantQualification', officerId, input: body }));
    },

    async assignOfficer(input, officerId, ctx) {
      const body = parseInput(AssignOfficerInput, input);
      const answered = await officerWrite(officerId, ctx, async () => ({ type: 'AssignOfficer', officerId, input: body, post: await lookUpPost(store, body.postId, aggregates) }));
      await recheckHeldPost(officerId, ctx, answered.id);
      return answered;
    },

    async deferRotation(input, officerId, ctx) {
      const body = parseInput(DeferRotationInput, input);
      return officerWrite(officerId, ctx, () => ({ type: 'DeferRotation', officerId, input: body }));
    },

    async recordWarningEducation(input, officerId, ctx) {
      const body = parseInput(RecordWarningEducationInput, input);
      return officerWrite(officerId, ctx, () => ({ type: 'RecordWarningEducation', officerId, input: body }));
    },

    async completeOffPostTraining(input, officerId, ctx) {
      const body = parseInput(CompleteOffPostTrainingInput, input);
      return officerWrite(officerId, ctx, () => ({ type: 'CompleteOffPostTraining', officerId, input: body }));
    },

    async correctOfficer(input, officerId, ctx) {
      const body = parseInput(CorrectOfficerInput, input);
      return officerWrite(officerId, ctx, async () => ({
        type: 'CorrectOfficer', officerId, input: body,
        unitExists: body.changes.unitId !== undefined ? await unitExists(store, body.changes.unitId, aggregates) : true,
      }));
    },

    async reportCase(input, ctx) {
      const body = parseInput(ReportCaseInput, input);
      // Time-ordered: the new case's stream and read-model rows go at the end of their indexes. A keyed
      // request's case id comes from its key instead, so that a retry names the same case.
      const caseId = ctx.idempotencySeed !== undefined ? derivedUuid(ctx.idempotencySeed, 'case') : timeOrderedUuid(ctx.now.toMillis());
      const reporterSalt = randomHex(16);
      const handled = await caseWrite(caseId, ctx, async () => ({
        type: 'ReportCase', caseId, input: body, officers: await lookUpOfficers(store, body.officerIds, aggregates), reporterSalt,
      }), { newStream: true }); // a fresh id names no stream yet: nothing to read (unless keyed: see handleCommand)
      return answer(caseId, handled);
    },

    async assignVerification(input, caseId, ctx) {
      const body = parseInput(AssignVerificationInput, input);
      // An inspector's id may be a user id rather than an officer id: only a registered officer is looked at.
      const handled = await caseWrite(caseId, ctx, async (state) => ({
        type: 'AssignVerification', caseId, input: body,
        inspector: state.exists && ClientId.safeParse(body.inspectorId).success ? await lookUpOfficer(store, body.inspectorId, aggregates) : null,
        unitHeads: await headsOnBreachDay(state),
      }));
      return answer(firstEventId(handled), handled);
    },

    async attachEvidence(input, caseId, ctx) {
      const body = parseInput(AttachEvidenceInput, input);
      const evidenceId = newId(ctx, 'evidence');
      const handled = await caseWrite(caseId, ctx, async (state) => ({ type: 'AttachEvidence', caseId, evidenceId, input: body, unitHeads: await headsOnBreachDay(state) }));
      return answer(evidenceId, handled);
    },

    async recordIntervention(input, caseId, ctx) {
      const body = parseInput(RecordInterventionInput, input);
      const handled = await caseWrite(caseId, ctx, async (state) => ({
        type: 'RecordIntervention', caseId, input: body, officer: state.exists ? await lookUpOfficer(store, body.officerId, aggregates) : null,
        unitHeads: await headsOnBreachDay(state),
      }));
      return answer(firstEventId(handled), handled);
    },

    async recordFinding(input, caseId, ctx) {
      const body = parseInput(RecordFindingInput, input);
      const handled = await caseWrite(caseId, ctx, async (state) => ({
        type: 'RecordFinding', caseId, input: body,
        unitHeads: await headsOnBreachDay(state),
      }));
      return answer(firstEventId(handled), handled);
    },

    async imposeSanction(input, caseId, ctx) {
      const body = parseInput(ImposeSanctionInput, input);
      const sanctionId = newId(ctx, 'sanction');
      const handled = await caseWrite(caseId, ctx, async (state) => ({
        type: 'ImposeSanction', caseId, sanctionId, input: body,
        officer: state.exists ? await lookUpOfficer(store, body.officerId, aggregates) : null,
        toPost: state.exists && body.toPostId ? await lookUpPost(store, body.toPostId, aggregates) : null,
        unitHeads: await headsOnBreachDay(state),
      }));
      await completeEffects(casePathId(caseId), sanctionId, firstEventId(handled), ctx);
      return answer(sanctionId, handled);
    },

    async fileAppeal(input, caseId, ctx) {
      const body = parseInput(FileAppealInput, input);
      const appealId = newId(ctx, 'appeal');
      const handled = await caseWrite(caseId, ctx, async (state) => ({ type: 'FileAppeal', caseId, appealId, input: body, unitHeads: await headsOnBreachDay(state) }));
      return answer(appealId, handled);
    },

    async decideAppeal(input, caseId, appealId, ctx) {
      const body = parseInput(DecideAppealInput, input);
      const handled = await caseWrite(caseId, ctx, async (state) => ({
        type: 'DecideAppeal', caseId, appealId, input: body,
        toPost: state.exists && body.toPostId ? await lookUpPost(store, body.toPostId, aggregates) : null,
        officer: await replacementOfficer(state, appealId, body.replacementKind ?? null),
        unitHeads: await headsOnBreachDay(state),
      }));
      const decided = handled.written[0]!;
      if (body.outcome !== 'upheld' && decided.type === 'AppealDecided') {
        await completeEffects(casePathId(caseId), String(decided.data.sanctionId), decided.id, ctx);
      }
      return answer(appealId, handled);
    },

    async closeCase(input, caseId, ctx) {
      const body = parseInput(CloseCaseInput, input);
      const handled = await caseWrite(caseId, ctx, async (state) => ({ type: 'CloseCase', caseId, input: body, unitHeads: await headsOnBreachDay(state) }));
      return answer(firstEventId(handled), handled);
    },

    async correctCase(input, caseId, ctx) {
      const body = parseInput(CorrectCaseInput, input);
      const handled = await caseWrite(caseId, ctx, async (state) => {
        const subjects = state.exists && body.changes.occurredOn !== undefined
          ? await lookUpOfficers(store, state.subjects.map((s) => s.officerId), aggregates)
          : {};
        const moves = state.exists ? unitMoves(state, body.changes, subjects) : [];
        // A new day of the breach may change whom the finding holds to account in every subject's
        // unit, moved or not: the heads of all of them on the day corrected (those of the day
        // recorded are the case's unitHeads).
        const dayChanges = state.exists && body.changes.occurredOn !== undefined && body.changes.occurredOn !== state.occurredOn;
        const unitsCorrected = !state.exists ? [] : dayChanges
          ? withUnits(state.subjects, moves.map(({ officerId, to }) => ({ officerId, unitId: to }))).map((s) => s.unitId)
          : moves.map((m) => m.to);
        return {
          type: 'CorrectCase', caseId, input: body, subjects,
          units: Object.fromEntries(await Promise.all((body.changes.subjectUnits ?? []).map(
            async ({ unitId }) => [unitId, await unitExists(store, unitId, aggregates)] as const,
          ))),
          unitHeads: await headsOnBreachDay(state),
          headsOnDayCorrected: state.exists ? await lookUpUnitHeads(store, unitsCorrected, body.changes.occurredOn ?? state.occurredOn, aggregates) : {},
        };
      });
      return answer(firstEventId(handled), handled);
    },
  };
}
