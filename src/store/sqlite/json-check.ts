// Whether a value survives JSON.stringify then JSON.parse unchanged. JSON.stringify itself is
// lenient (it drops functions, turns NaN into null, calls toJSON, throws on bigint): any of those
// would silently change what is recorded, so they are refused instead. The check runs on every
// append, so the fast path builds nothing; only a value that fails is walked again to say where.

/** Deeper than this is refused (it also catches cycles without remembering every object seen). */
export const MAX_DEPTH = 64;

/** The first problem found in `value` as a JSON object, or null when there is none. */
export function jsonProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return `$ is ${kindOf(value)}, not an object`;
  return isJson(value, 0) ? null : describeProblem(value, '$', 0);
}

function isJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
          const item: unknown = value[index];
          if (item === undefined || !isJson(item, depth + 1)) return false;
        }
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const child = value[key];
        // An undefined property is simply absent in JSON, as for any optional field.
        if (child !== undefined && !isJson(child, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Where `value` fails isJson, as a path and a reason. */
function describeProblem(value: unknown, path: string, depth: number): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}`;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return `${path} is nested deeper than ${MAX_DEPTH} levels (or refers to itself)`;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
          const item: unknown = value[index];
          if (item === undefined) return `${path}[${index}] is undefined`;
          const problem = describeProblem(item, `${path}[${index}]`, depth + 1);
          if (problem !== null) return problem;
        }
        return null;
      }
      if (!isPlainObject(value)) return `${path} is ${kindOf(value)}`;
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (child === undefined) continue;
        const problem = describeProblem(child, `${path}.${key}`, depth + 1);
        if (problem !== null) return problem;
      }
      return null;
    }
    default:
      return `${path} is ${kindOf(value)}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'non-plain object'}`;
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}
