// A case named in a list by a few characters of its id. The register's case ids are time-ordered
// (UUIDv7): their first characters are the moment of the report, the same for every case reported
// within a minute or so; their last are random. So a short name is the end of the id, marked as such.

/** `01a25198-e0e0-7538-a48c-a46f68410fee` -> `…68410fee`; an id of 8 characters or fewer as it is. */
export function shortCaseId(caseId: string): string {
  return caseId.length > 8 ? `…${caseId.slice(-8)}` : caseId;
}
