// A correction gives new values for some fields of an original record. A refusal of one names them.

/** `name 张伟, hiredOn 2015-07-01`: the values a correction gives. */
export function describeChanges(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
