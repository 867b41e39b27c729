import type { z } from 'zod';

// The HTTP routes validate each body with the same schema the command service checks it with. To
// parse it once, a route marks the object its schema produced; the service trusts exactly that
// object for exactly that schema and parses anything else (scripts, tests, other callers) itself.
// Parsed objects are fresh and nobody holds on to them, so a mark cannot outlive its request.

const validated = new WeakMap<object, z.ZodType>();

/** Records that `value` is what `schema` produced (the output of a successful parse). */
export function markValidated(schema: z.ZodType, value: unknown): void {
  if (typeof value === 'object' && value !== null) validated.set(value, schema);
}

/** The input as `schema` outputs it: as is when this very object was produced by that schema, else parsed. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (typeof input === 'object' && input !== null && validated.get(input) === schema) return input as z.output<S>;
  return schema.parse(input);
}
