import type { Actor } from '../../../src/application/command-context.js';
import { addDays } from '../../../src/domain/shared/calendar.js';
import type { SanctionKind, Severity } from '../../../src/domain/shared/codes.js';
import type { OfficerModel, UnitModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { applySanction, completeTraining } from '../officers/sanction-effects.js';
import type { SeedRun } from '../seed-run.js';
import { fileAppeal } from './appeals.js';
import { caseStep } from './case-step.js';

/**
 * A sanction of a subject still in service, of a kind that fits the severity (or the kind given):
 * its effects on the officer follow, and now and then the officer asks for a review.
 */
export function imposeSanction(run: SeedRun, caseId: string, inspector: Actor, o: OfficerModel, severity: Severity, forced?: SanctionKind): Planned {
  return () => {
    if (!o.inService) return null;
    const { rnd } = run;
    const kind = forced ?? sanctionKind(run, o, severity);
    const unit = run.bureau.unit(o.unitId);
    // A training's end counts from the day it is entered: HR records its completion on that day.
    const untilOn = kind === 'off_post_training' ? addDays(run.day, rnd.int(30, 90)) : null;
    const input = {
      officerId: o.id, kind, effectiveOn: run.caseDay(caseId), basis: `依据《${rnd.pick(['八不准', '六严禁', '四必究'])}》规定及核实结论`,
      ...(untilOn ? { untilOn } : {}), ...(kind === 'reassignment' ? { toPostId: unit.deskPost } : {}),
    };
    return caseStep(run, caseId, inspector, (ctx) => run.commands.imposeSanction(input, caseId, ctx), (ok, result) => {
      if (!ok || !result) return;
      applySanction(run, o, kind, untilOn, unit);
      if (untilOn) run.plan(untilOn, completeTraining(run, o, result.id));
      if (kind !== 'judicial_referral' && rnd.chance(0.15)) run.plan(addDays(run.day, rnd.int(3, 25)), fileAppeal(run, caseId, inspector, o, result.id, kind, 'review'));
    });
  };
}

/** Minor breaches draw among the kinds the officer's state allows (no revoking a qualification the officer lacks). */
function sanctionKind(run: SeedRun, o: OfficerModel, severity: Severity): SanctionKind {
  const { rnd } = run;
  if (severity === 'criminal') return 'judicial_referral';
  if (severity === 'serious') return rnd.chance(0.6) ? 'dismissal' : 'expulsion';
  const post = run.bureau.postOf(o);
  return rnd.weighted<SanctionKind>([
    ['criticism_education', 50], ['off_post_training', 20],
    ['qualification_revoked', o.qualified ? 15 : 0], ['reassignment', post?.enforcement ? 15 : 0],
  ]);
}

/**
 * The head accountable is the one in office when the breach happened, as the finding's flag
 * names them (the unit may have had another head since): read from the case, as an inspector would.
 */
export function sanctionUnitHead(run: SeedRun, caseId: string, inspector: Actor, unit: UnitModel): Planned {
  return () => ({
    key: `case-${caseId}`,
    execute: async () => {
      const flags = (await run.store.readStream(`case-${caseId}`)).filter((e) => e.type === 'AccountabilityFlagged');
      const flagged = flags.map((e) => e.data as { level: string; unitId: string; headOfficerId: string | null })
        .find((f) => f.level === 'unit_head' && f.unitId === unit.id);
      const headId = flagged?.headOfficerId;
      if (!headId || !run.bureau.officers.get(headId)?.inService) return;
      run.written(await run.commands.imposeSanction({
        officerId: headId, kind: 'criticism_education', capacity: 'unit_head', effectiveOn: run.caseDay(caseId), basis: '单位负责人履行管理责任不力（四必究）',
      }, caseId, run.context(inspector)));
    },
  });
}
