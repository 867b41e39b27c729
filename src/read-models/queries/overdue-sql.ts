// isOverdue of projections/case-register.ts on the case table's columns, for the queries that
// filter on it: a subject still awaits a finding, the due date has passed (one parameter: today),
// the case is open (closed_on, not status: a closed case with an appeal pending shows
// `under_appeal`). `due_on IS NOT NULL` keeps the negation two-valued: NOT of a NULL comparison
// would leave out cases with no due date.

/** The condition, with the table's alias if the query gives it one (`c.`). */
export function overdueCondition(alias = ''): string {
  return `(${alias}awaiting_finding = 1 AND ${alias}due_on IS NOT NULL AND ${alias}due_on < ? AND ${alias}closed_on IS NULL)`;
}
