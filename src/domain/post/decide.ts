import { refuse } from '../rules.js';
import type { DecisionContext } from '../shared/decision-context.js';
import type { DefinePostInput } from './commands.js';
import type { PostEvent } from './evolve.js';
import type { PostState } from './state.js';

export type PostCommand = {
  type: 'DefinePost';
  input: DefinePostInput;
  /** Looked up: whether the unit named in the body is registered. */
  unitExists: boolean;
};

export function decidePost(command: PostCommand, state: PostState, _ctx: DecisionContext): PostEvent[] {
  const { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths } = command.input;
  if (state.exists) throw refuse('post_already_defined', `Post ${postId} is already defined.`);
  if (!command.unitExists) throw refuse('unknown_unit', `Unit ${unitId} is not registered.`);
  return [{ type: 'PostDefined', data: { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths: rotationPeriodMonths ?? null } }];
}
