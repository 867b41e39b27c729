import { InvalidCursorError } from '../../../read-models/queries/statements.js';
import { HttpProblem, problem } from '../../problem.js';

/** A paged read's failure: a cursor the register did not hand out is the client's 400, anything else is rethrown. */
export function badCursor(error: unknown): never {
  if (error instanceof InvalidCursorError) {
    throw new HttpProblem(problem(400, error.message, { errors: [{ in: 'querystring', path: 'cursor', message: error.message }] }));
  }
  throw error;
}
