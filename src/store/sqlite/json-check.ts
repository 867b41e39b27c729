// Whether a value survives JSON.stringify then JSON.parse unchanged. JSON.stringify itself is
// lenient (it drops functions, turns NaN into null, calls toJSON, throws on bigint): any of those
// would silently change what is recorded, so they are refused instead.

/** The first problem found in `value` as a JSON object, or null when there is none. */
export function jsonProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return `$ is ${kindOf(value)}, not an object`;
  return problemIn(value, '$', new Set());
}

function problemIn(value: unknown, path: string, ancestors: Set<object>): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value}`;
    case 'object': {
      if (value === null) return null;
      if (ancestors.has(value)) return `${path} refers to itself`;
      ancestors.add(value);
      try {
        if (Array.isArray(value)) {
          for (let index = 0; index < value.length; index += 1) {
            const item: unknown = value[index];
            if (item === undefined) return `${path}[${index}] is undefined`;
            const problem = problemIn(item, `${path}[${index}]`, ancestors);
            if (problem !== null) return problem;
          }
          return null;
        }
        if (!isPlainObject(value)) return `${path} is ${kindOf(value)}`;
        for (const key of Object.keys(value)) {
          const child = value[key];
          // An undefined property is simply absent in JSON, as for any optional field.
          if (child === undefined) continue;
          const problem = problemIn(child, `${path}.${key}`, ancestors);
          if (problem !== null) return problem;
        }
        return null;
      } finally {
        ancestors.delete(value);
      }
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
