// Case ids are uuids the register assigns; a uuid is the same id in capitals or not.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id as the register keeps it (lower case), or null when the text cannot be one. */
export function canonicalCaseId(text: string): string | null {
  return UUID.test(text) ? text.toLowerCase() : null;
}
