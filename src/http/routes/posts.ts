import type { FastifyInstance } from 'fastify';
import { DefinePostInput } from '../../domain/post/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { writeRoute } from '../write-route.js';

// Posts (岗位): enforcement or not, sensitive or not, with a rotation period. HR and admin.

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
}
