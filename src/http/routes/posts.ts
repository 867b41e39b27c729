import type { FastifyInstance } from 'fastify';
import { ChangePostInput, DefinePostInput } from '../../domain/post/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { writeRoute } from '../write-route.js';
import { PostParams } from './path-params.js';

// Posts (岗位): enforcement or not, sensitive or not, with a rotation period. HR and admin define
// them and change them (sensitivity, rotation period, title) from a day on; whether a post is an
// enforcement post, and its unit, stay as defined.

export async function postRoutes(app: FastifyInstance, { commands, write }: RouteGroupOptions): Promise<void> {
  writeRoute(app, write, {
    url: '/posts',
    roles: ['hr', 'admin'],
    body: DefinePostInput,
    operationId: 'definePost',
    summary: 'Define a post of a unit',
    tags: ['posts'],
    execute: ({ body }, ctx) => commands.definePost(body, ctx),
  });

  writeRoute(app, write, {
    url: '/posts/:postId/changes',
    roles: ['hr', 'admin'],
    params: PostParams,
    body: ChangePostInput,
    operationId: 'changePost',
    summary: 'Change a post from a day on: important or sensitive (重要或敏感岗位) or not, its rotation period, its title',
    description: 'What the body leaves out stays as it is; whether the post is an enforcement post, and its unit, never change. '
      + 'The change reaches the officers holding the post: on a post sensitive after it, each holder\'s rotation is due the post\'s period '
      + 'after the start of their tenure on it (not after the day of the change); a post no longer sensitive takes its holders off the '
      + 'rotation schedule. A change that changes nothing is a 409 (`post_change_changes_nothing`); an officer does not change the post '
      + 'they hold (403, `own_post_change`). `id` is the change\'s event id; `revision` (and the ETag) the post\'s; `position` the last '
      + 'event the change wrote, its holders\' records included, so that `?minPosition=` reads them changed.',
    tags: ['posts'],
    execute: ({ params, body }, ctx) => commands.changePost(body, params.postId, ctx),
  });
}
