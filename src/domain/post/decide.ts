import { forbid, refuse } from '../rules.js';
import { describeChanges } from '../shared/correction-changes.js';
import { notBefore, notInFuture } from '../shared/date-rules.js';
import type { DecisionContext } from '../shared/decision-context.js';
import { NotFoundError } from '../shared/errors.js';
import type { ChangePostInput, DefinePostInput } from './commands.js';
import type { PostEvent } from './evolve.js';
import type { PostState } from './state.js';

export type PostCommand = DefinePost | ChangePost;

export interface DefinePost {
  type: 'DefinePost';
  input: DefinePostInput;
  /** Looked up: whether the unit named in the body is registered. */
  unitExists: boolean;
}

export interface ChangePost {
  type: 'ChangePost';
  /** The post named in the URL path. */
  postId: string;
  input: ChangePostInput;
  /** Looked up: the post the acting user holds, when they are an officer on a post (else null). */
  actorPostId: string | null;
}

export function decidePost(command: PostCommand, state: PostState, ctx: DecisionContext): PostEvent[] {
  switch (command.type) {
    case 'DefinePost': return definePost(command, state);
    case 'ChangePost': return changePost(command, state, ctx);
  }
}

function definePost(command: DefinePost, state: PostState): PostEvent[] {
  const { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths } = command.input;
  if (state.exists) throw refuse('post_already_defined', `Post ${postId} is already defined.`);
  if (!command.unitExists) throw refuse('unknown_unit', `Unit ${unitId} is not registered.`);
  return [{ type: 'PostDefined', data: { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths: rotationPeriodMonths ?? null } }];
}

/**
 * A post changes from a day on; what the body leaves out stays as it is. Nobody changes the post
 * they hold themselves (its rotation clock is theirs), and a change that changes nothing would stand
 * in the record as one that did.
 */
function changePost(command: ChangePost, state: PostState, ctx: DecisionContext): PostEvent[] {
  if (!state.exists) throw new NotFoundError('post', command.postId);
  if (command.actorPostId === state.postId) throw forbid('own_post_change', `You hold post ${state.postId}.`);
  const { effectiveOn, reason, sensitive, rotationPeriodMonths, title } = command.input;
  const previous = { title: state.title, sensitive: state.sensitive, rotationPeriodMonths: state.rotationPeriodMonths };
  const next = {
    title: title ?? previous.title,
    sensitive: sensitive ?? previous.sensitive,
    rotationPeriodMonths: rotationPeriodMonths ?? previous.rotationPeriodMonths,
  };
  if (next.title === previous.title && next.sensitive === previous.sensitive && next.rotationPeriodMonths === previous.rotationPeriodMonths) {
    throw refuse('post_change_changes_nothing', `Post ${state.postId} already holds ${describeChanges({ sensitive, rotationPeriodMonths, title })}.`);
  }
  notInFuture('effectiveOn', effectiveOn, ctx);
  // Changes of a post follow each other in the order of their days.
  notBefore('effectiveOn', effectiveOn, 'the post\'s latest change, on', state.latestChange?.effectiveOn);
  return [{ type: 'PostChanged', data: { postId: state.postId, effectiveOn, reason, ...next, previous } }];
}
