import { sanctionKinds, severities, type SanctionKind, type Severity } from '../shared/codes.js';

// Which sanctions fit which severity (the work plan's 从严追责问责): minor breaches allow education,
// off-post training, loss of qualification and reassignment; serious ones with bad public impact add
// dismissal and expulsion; a suspected crime adds referral to the judicial authorities.

const MINOR: readonly SanctionKind[] = ['criticism_education', 'off_post_training', 'qualification_revoked', 'reassignment'];
const SERIOUS: readonly SanctionKind[] = [...MINOR, 'dismissal', 'expulsion'];
const CRIMINAL: readonly SanctionKind[] = [...SERIOUS, 'judicial_referral'];

export const kindsAllowedBySeverity: Record<Severity, readonly SanctionKind[]> = { minor: MINOR, serious: SERIOUS, criminal: CRIMINAL };

/**
 * Kinds whose effect ends the officer's current post on the day it takes effect: a reassignment
 * moves them, a lost qualification takes them off an enforcement post, dismissal and expulsion end
 * service. Such a sanction cannot be dated before the current post began, or without one before the
 * last post was left (it would rewrite post history); a loss of qualification neither, whatever the post, or the history would show an
 * officer without qualification on the enforcement post held before it.
 */
export const POST_ENDING_KINDS: readonly SanctionKind[] = ['qualification_revoked', 'reassignment', 'dismissal', 'expulsion'];

export function kindFitsSeverity(kind: SanctionKind, severity: Severity): boolean {
  return kindsAllowedBySeverity[severity].includes(kind);
}

/** The order of `sanctionKinds` (codes.ts) runs from the lightest to the heaviest. */
export function isLighter(candidate: SanctionKind, than: SanctionKind): boolean {
  return sanctionKinds.indexOf(candidate) < sanctionKinds.indexOf(than);
}

export function heaviestSeverity(found: readonly Severity[]): Severity | null {
  let heaviest: Severity | null = null;
  for (const severity of found) {
    if (heaviest === null || severities.indexOf(severity) > severities.indexOf(heaviest)) heaviest = severity;
  }
  return heaviest;
}
