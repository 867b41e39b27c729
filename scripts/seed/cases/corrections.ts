import type { Actor } from '../../../src/application/command-context.js';
import type { ViolationCategory } from '../../../src/domain/shared/codes.js';
import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';
import { CATEGORY_WEIGHTS } from '../vocabulary.js';
import { caseStep } from './case-step.js';

// Corrections of a case's record name the event they correct: the report, read from the case's
// stream as an inspector would see it.

/** The category of the report was recorded wrong: it becomes another one. */
export function correctCategory(run: SeedRun, caseId: string, inspector: Actor, recordedCategory: ViolationCategory): Planned {
  return () => {
    const category = run.rnd.weighted(CATEGORY_WEIGHTS.filter(([other]) => other !== recordedCategory));
    return caseStep(run, caseId, inspector, async (ctx) => {
      const [reported] = await run.store.readStream(`case-${caseId}`, { maxCount: 1 });
      return run.commands.correctCase({ correctsEventId: reported!.id, reason: '问题类别登记有误，予以更正', changes: { category } }, caseId, ctx);
    });
  };
}

/**
 * A subject seconded (借调) to a neighbouring unit when the breach happened, which the register
 * does not know: the inspector corrects the unit of the case before the finding.
 */
export function correctSubjectUnit(run: SeedRun, caseId: string, inspector: Actor, subject: OfficerModel): Planned {
  return () => {
    const { units } = run.bureau;
    const unitId = units[(units.findIndex((u) => u.id === subject.unitId) + 1) % units.length]!.id;
    return caseStep(run, caseId, inspector, async (ctx) => {
      const [reported] = await run.store.readStream(`case-${caseId}`, { maxCount: 1 });
      return run.commands.correctCase({ correctsEventId: reported!.id, reason: '违纪时借调至其他单位，按实际所在单位更正', changes: { subjectUnits: [{ officerId: subject.id, unitId }] } }, caseId, ctx);
    });
  };
}
