import type { InterventionKind, SanctionCapacity, SanctionKind } from '../src/domain/shared/codes.js';

// What a case did about the accountability its finding raised (追责落实): for the officer (四必究
// bj-1), the sanctions in force on them as a subject of the case and the interventions (约谈、函询)
// held with them, the plan's answer to early signs instead of a sanction; for the head of their
// unit (bj-2), the sanctions in force on that head as unit head in the case. An alert with none is
// outstanding. The agency head (bj-3) and the transport authority (bj-4) are no one the register
// records: what is done about them is not on record here.

export type Measure = SanctionKind | InterventionKind;

/** Whom an alert holds to account, in the capacity a sanction would name them. */
export interface AccountableParty {
  alertId: string;
  /** Null: a unit without a head on record (nobody to pursue yet). */
  officerId: string | null;
  capacity: Extract<SanctionCapacity, 'subject' | 'unit_head'>;
}

export interface CaseMeasures {
  /** The bj-1 and bj-2 alerts raised in the case. */
  parties: AccountableParty[];
  interventions: { officerId: string; kind: InterventionKind }[];
  /** Every sanction imposed in the case, with the kind in force: a reduction's replacement; null once annulled. */
  sanctions: { sanctionId: string; officerId: string; capacity: SanctionCapacity; kind: SanctionKind | null }[];
}

export const noMeasures: CaseMeasures = { parties: [], interventions: [], sanctions: [] };

/** The measures in force for one party, sanctions first, each in the order recorded. */
export function measuresFor(c: CaseMeasures, party: AccountableParty): Measure[] {
  if (party.officerId === null) return [];
  const measures: Measure[] = [];
  for (const s of c.sanctions) {
    if (s.kind !== null && s.officerId === party.officerId && s.capacity === party.capacity) measures.push(s.kind);
  }
  if (party.capacity === 'subject') {
    for (const i of c.interventions) if (i.officerId === party.officerId) measures.push(i.kind);
  }
  return measures;
}

/** The parties a sanction or an intervention of this officer, in this capacity, can answer for. */
export function partiesOf(c: CaseMeasures, officerId: string, capacity: SanctionCapacity): AccountableParty[] {
  return c.parties.filter((p) => p.officerId === officerId && p.capacity === capacity);
}
