import type { Actor } from '../../src/application/command-context.js';

/** HR keeps units, posts and officers. */
export const HR: Actor = { sub: 'hr-zhang', roles: ['hr'] };

/** The inspectors a new case is given to, drawn at random. */
export const INSPECTORS: Actor[] = ['inspector-liu', 'inspector-chen', 'inspector-zhou', 'inspector-xu', 'inspector-sun', 'inspector-ma']
  .map((sub) => ({ sub, roles: ['inspector'] }));
