import { addMonths, compareDates, type CalendarDate } from '../../shared/calendar.js';
import type { SanctionKind } from '../../shared/codes.js';
import { DEFAULT_SANCTION_BAR_MONTHS, type DecisionContext } from '../../shared/decision-context.js';
import type { Officer, OfficerSanction } from '../state.js';

// A sanction's effect is not undone by an ordinary HR write (DOMAIN.md: HR must never alter
// sanctions). Reassignment away from enforcement posts (调离执法岗位) and loss of enforcement
// qualification (取消执法资格) bar the officer from enforcement posts, and a loss of qualification
// bars a new qualification, for a period after the sanction took effect, as long as the sanction
// stands: an appeal that annuls it, or reduces it to a kind that does not bar, lifts the bar (the
// officer's record then holds the sanction as `annulled`, or with the lighter kind). A reduction to
// a kind that still bars (a loss of qualification reduced to a reassignment) keeps the bar counted
// from the day the sanction was imposed: winning an appeal never makes the officer wait longer.

/** The sanction kinds that keep an officer off enforcement posts for the bar period. */
export const BARRING_ENFORCEMENT_POSTS: readonly SanctionKind[] = ['reassignment', 'qualification_revoked'];
/** The sanction kinds that bar a new qualification for the bar period. */
export const BARRING_QUALIFICATION: readonly SanctionKind[] = ['qualification_revoked'];

export interface SanctionBar {
  sanction: OfficerSanction;
  /** The first day the bar no longer applies: the day the sanction was imposed to take effect, plus the bar period. */
  endsOn: CalendarDate;
}

/**
 * The bar that applies on `on` (the date of the assignment or grant), from the sanctions of these
 * kinds that stand; the one that lasts longest when there are several. Null when none applies.
 */
export function sanctionBarOn(
  officer: Officer, kinds: readonly SanctionKind[], on: CalendarDate, ctx: DecisionContext,
): SanctionBar | null {
  const months = ctx.sanctionBarMonths ?? DEFAULT_SANCTION_BAR_MONTHS;
  let found: SanctionBar | null = null;
  for (const sanction of Object.values(officer.sanctions)) {
    if (sanction.status !== 'in_force' || !kinds.includes(sanction.kind)) continue;
    const endsOn = addMonths(sanction.imposedOn, months);
    if (compareDates(on, endsOn) >= 0) continue;
    if (!found || compareDates(endsOn, found.endsOn) > 0) found = { sanction, endsOn };
  }
  return found;
}

export function describeBar(bar: SanctionBar): string {
  const { sanction, endsOn } = bar;
  return `Sanction ${sanction.sanctionId} (${sanction.kind}, case ${sanction.caseId}) took effect on ${sanction.imposedOn}; the bar ends on ${endsOn}.`;
}
