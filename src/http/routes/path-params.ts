import { z } from 'zod';

// Path parameters. They are only shape-checked loosely here (a value that cannot name anything is
// simply unknown: the command service answers 404 for it), so a typo is a 404, not a 400.

const pathId = (what: string) => z.string().min(1).max(200).describe(what);

export const UnitParams = z.object({ unitId: pathId('The unit\'s id') });
export const PostParams = z.object({ postId: pathId('The post\'s id') });
export const OfficerParams = z.object({ officerId: pathId('The officer\'s id') });
export const CaseParams = z.object({ caseId: pathId('The case id (a uuid the register assigned)') });
export const AppealParams = z.object({
  caseId: pathId('The case id (a uuid the register assigned)'),
  appealId: pathId('The appeal id the register answered when it was filed'),
});
