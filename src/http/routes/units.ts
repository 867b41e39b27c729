import type { FastifyInstance } from 'fastify';
import { AppointUnitHeadInput, RegisterUnitInput } from '../../domain/unit/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { writeRoute } from '../write-route.js';
import { UnitParams } from './path-params.js';

// Units of the bureau (局属单位) and their heads: HR and admin.

export async function unitRoutes(app: FastifyInstance, { commands, write }: RouteGroupOptions): Promise<void> {
  writeRoute(app, write, {
    url: '/units',
    roles: ['hr', 'admin'],
    body: RegisterUnitInput,
    operationId: 'registerUnit',
    summary: 'Register a unit',
    tags: ['units'],
    execute: ({ body }, ctx) => commands.registerUnit(body, ctx),
  });

  writeRoute(app, write, {
    url: '/units/:unitId/head',
    roles: ['hr', 'admin'],
    params: UnitParams,
    body: AppointUnitHeadInput,
    operationId: 'appointUnitHead',
    summary: 'Appoint the unit\'s head (单位负责人)',
    tags: ['units'],
    execute: ({ params, body }, ctx) => commands.appointUnitHead(body, params.unitId, ctx),
  });
}
