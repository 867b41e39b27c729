// A case records each subject with the unit they worked in on the day of the breach; a correction
// can give a subject the right unit (before a finding names them). The case and its read models
// apply it alike.

export interface SubjectUnit {
  officerId: string;
  unitId: string;
}

/** The subjects, those a correction names in the unit it gives them. */
export function withUnits<S extends SubjectUnit>(subjects: readonly S[], units: readonly SubjectUnit[]): S[] {
  return subjects.map((subject) => {
    const corrected = units.find((u) => u.officerId === subject.officerId);
    return corrected ? { ...subject, unitId: corrected.unitId } : subject;
  });
}
