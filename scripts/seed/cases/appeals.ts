import type { Actor } from '../../../src/application/command-context.js';
import { addDays } from '../../../src/domain/shared/calendar.js';
import type { SanctionKind } from '../../../src/domain/shared/codes.js';
import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';
import { caseStep } from './case-step.js';

type Stage = 'review' | 'appeal';

/** The sanctioned officer asks for a review (or, after a review that upheld it, appeals): decided a few weeks later. */
export function fileAppeal(run: SeedRun, caseId: string, inspector: Actor, o: OfficerModel, sanctionId: string, kind: SanctionKind, stage: Stage): Planned {
  return () => {
    let appealId = '';
    return caseStep(run, caseId, inspector, async (ctx) => {
      const result = await run.commands.fileAppeal({ sanctionId, stage, filedOn: run.caseDay(caseId) }, caseId, ctx);
      appealId = result.id;
      return result;
    }, (ok) => {
      if (ok) run.plan(addDays(run.day, run.rnd.int(10, 30)), decideAppeal(run, caseId, inspector, o, sanctionId, appealId, kind, stage));
    });
  };
}

/** Upheld, reduced to criticism and education (never harsher), or annulled; a review upheld is now and then appealed. */
function decideAppeal(
  run: SeedRun, caseId: string, inspector: Actor, o: OfficerModel, sanctionId: string, appealId: string, kind: SanctionKind, stage: Stage,
): Planned {
  return () => {
    const { rnd } = run;
    const outcome = rnd.weighted([['upheld', 60], ['reduced', kind === 'criticism_education' ? 0 : 25], ['annulled', 15]] as const);
    const input = { outcome, decidedOn: run.caseDay(caseId), ...(outcome === 'reduced' ? { replacementKind: 'criticism_education' as const } : {}) };
    return caseStep(run, caseId, inspector, (ctx) => run.commands.decideAppeal(input, caseId, appealId, ctx), (ok) => {
      if (!ok) return;
      if (outcome !== 'upheld') {
        // Annulled, or reduced to criticism and education: the sanction's bar is lifted.
        if (kind === 'qualification_revoked' || kind === 'reassignment') o.barredUntil = null;
        if (kind === 'qualification_revoked') o.qualified = true;
        if (kind === 'dismissal' || kind === 'expulsion') o.inService = true;
        if (kind === 'off_post_training') o.trainingUntil = null;
      }
      if (outcome === 'upheld' && stage === 'review' && rnd.chance(0.3)) {
        run.plan(addDays(run.day, rnd.int(1, 14)), fileAppeal(run, caseId, inspector, o, sanctionId, kind, 'appeal'));
      }
    });
  };
}
