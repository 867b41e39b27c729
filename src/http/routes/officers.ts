import type { FastifyInstance } from 'fastify';
import {
  AssignOfficerInput, CompleteOffPostTrainingInput, CorrectOfficerInput, DeferRotationInput, GrantQualificationInput,
  RecordWarningEducationInput, RegisterOfficerInput,
} from '../../domain/officer/commands.js';
import type { RouteGroupOptions } from '../app.js';
import { writeRoute } from '../write-route.js';
import { OfficerParams } from './path-params.js';

// Officers: registration (HR, admin); qualifications, assignments, rotation deferrals, warning
// education, completion of off-post training and corrections of the registration (HR).

export async function officerRoutes(app: FastifyInstance, { commands, write }: RouteGroupOptions): Promise<void> {
  const tags = ['officers'];

  writeRoute(app, write, {
    url: '/officers',
    roles: ['hr', 'admin'],
    body: RegisterOfficerInput,
    operationId: 'registerOfficer',
    summary: 'Register an officer',
    tags,
    execute: ({ body }, ctx) => commands.registerOfficer(body, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/qualifications',
    roles: ['hr'],
    params: OfficerParams,
    body: GrantQualificationInput,
    operationId: 'grantQualification',
    summary: 'Grant an enforcement qualification (执法资格)',
    tags,
    execute: ({ params, body }, ctx) => commands.grantQualification(body, params.officerId, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/assignments',
    roles: ['hr'],
    params: OfficerParams,
    body: AssignOfficerInput,
    operationId: 'assignOfficer',
    summary: 'Assign the officer to a post',
    tags,
    execute: ({ params, body }, ctx) => commands.assignOfficer(body, params.officerId, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/rotation-deferrals',
    roles: ['hr'],
    params: OfficerParams,
    body: DeferRotationInput,
    operationId: 'deferRotation',
    summary: 'Defer the rotation (轮岗) of an officer on a sensitive post',
    tags,
    execute: ({ params, body }, ctx) => commands.deferRotation(body, params.officerId, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/warning-education',
    roles: ['hr'],
    params: OfficerParams,
    body: RecordWarningEducationInput,
    operationId: 'recordWarningEducation',
    summary: 'Record attendance at warning education (警示教育)',
    tags,
    execute: ({ params, body }, ctx) => commands.recordWarningEducation(body, params.officerId, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/training-completions',
    roles: ['hr'],
    params: OfficerParams,
    body: CompleteOffPostTrainingInput,
    operationId: 'completeOffPostTraining',
    summary: 'Record that an off-post training (离岗培训) is completed',
    description: 'HR records the end of a training, never shortens it: a training with a planned end (`untilOn` of the sanction in force, as imposed or as a review or appeal decision replaced it) is not completed before that day (409 `training_before_planned_end`); one without an end is completed on any day from its start.',
    tags,
    execute: ({ params, body }, ctx) => commands.completeOffPostTraining(body, params.officerId, ctx),
  });

  writeRoute(app, write, {
    url: '/officers/:officerId/corrections',
    roles: ['hr'],
    params: OfficerParams,
    body: CorrectOfficerInput,
    operationId: 'correctOfficer',
    summary: 'Correct a mistaken registration (the original stays in the log)',
    tags,
    execute: ({ params, body }, ctx) => commands.correctOfficer(body, params.officerId, ctx),
  });
}
