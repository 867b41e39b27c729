import type { AppealOutcome, SanctionKind } from './codes.js';

/**
 * Whether an appeal decision takes the sanction out of force: annulled, or reduced with no
 * replacement kind (nothing lighter is left in force). An upheld sanction, or a reduced one with
 * its replacement, stays in force. The case, the officer and the read models all decide it here.
 */
export function takesOutOfForce(outcome: AppealOutcome, replacementKind: SanctionKind | null | undefined): boolean {
  return outcome === 'annulled' || (outcome === 'reduced' && !replacementKind);
}
