import { decideCase } from './case/decide.js';
import { evolveCase } from './case/evolve.js';
import { initialCaseState } from './case/state.js';
import { decideOfficer } from './officer/decide.js';
import { evolveOfficer } from './officer/evolve.js';
import { initialOfficerState } from './officer/state.js';
import { decidePost } from './post/decide.js';
import { evolvePost } from './post/evolve.js';
import { initialPostState } from './post/state.js';
import { decideRectification } from './rectification/decide.js';
import { evolveRectification } from './rectification/evolve.js';
import { initialRectificationState } from './rectification/state.js';
import { decideUnit } from './unit/decide.js';
import { evolveUnit } from './unit/evolve.js';
import { initialUnitState } from './unit/state.js';

// Each aggregate as one decider: its initial state, how an event changes it, and how a command
// (with the context) turns into new events. All pure.

export const unitDecider = { initialState: initialUnitState, evolve: evolveUnit, decide: decideUnit } as const;
export const postDecider = { initialState: initialPostState, evolve: evolvePost, decide: decidePost } as const;
export const officerDecider = { initialState: initialOfficerState, evolve: evolveOfficer, decide: decideOfficer } as const;
export const caseDecider = { initialState: initialCaseState, evolve: evolveCase, decide: decideCase } as const;
export const rectificationDecider = { initialState: initialRectificationState, evolve: evolveRectification, decide: decideRectification } as const;
