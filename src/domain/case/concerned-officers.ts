// Recusal (回避): an officer a case concerns has a stake in how it is handled. The case concerns its
// subjects, every officer it sanctions (in any capacity: a unit head, someone responsible), and
// every officer it holds accountable (an officer, or the unit head a flag names). Such an officer
// may not act on the case, may not verify it, and may not learn who reported it.

export interface CaseParties {
  subjects: readonly { officerId: string }[];
  sanctions: readonly { officerId: string }[];
  accountability: readonly { officerId: string; headOfficerId: string | null }[];
}

export function caseConcerns(parties: CaseParties, officerId: string): boolean {
  return parties.subjects.some((s) => s.officerId === officerId)
    || parties.sanctions.some((s) => s.officerId === officerId)
    || parties.accountability.some((a) => a.officerId === officerId || a.headOfficerId === officerId);
}
