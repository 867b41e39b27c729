import type { Actor } from '../../../src/application/command-context.js';
import { addDays } from '../../../src/domain/shared/calendar.js';
import type { FindingOutcome, Severity } from '../../../src/domain/shared/codes.js';
import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';
import { caseStep } from './case-step.js';
import { closeCase } from './closure.js';
import { imposeSanction, sanctionUnitHead } from './sanctions.js';

/**
 * The finding: unfounded, and the case is closed; otherwise each subject is sanctioned within the
 * week (a criminal matter is referred, then the officer expelled), now and then the unit's head as
 * well, and the case is closed a few weeks after the last sanction.
 */
export function recordFinding(run: SeedRun, caseId: string, inspector: Actor, subjects: OfficerModel[]): Planned {
  return () => {
    const { rnd } = run;
    const outcome = rnd.weighted<FindingOutcome>([['substantiated', 45], ['partly_substantiated', 20], ['unfounded', 35]]);
    const severity = outcome === 'unfounded' ? null : rnd.weighted<Severity>([['minor', 90], ['serious', 8], ['criminal', 2]]);
    const summary = outcome === 'unfounded' ? '经核实，反映问题不属实' : outcome === 'substantiated' ? '经核实，反映问题属实' : '经核实，反映问题部分属实';
    return caseStep(run, caseId, inspector, (ctx) => run.commands.recordFinding({ outcome, severity, summary, foundOn: run.caseDay(caseId) }, caseId, ctx), (ok) => {
      if (!ok) return;
      if (severity === null) {
        run.plan(addDays(run.day, rnd.int(1, 10)), closeCase(run, caseId, inspector));
        return;
      }
      let last = run.day;
      for (const subject of subjects) {
        const on = addDays(run.day, rnd.int(1, 7));
        last = on > last ? on : last;
        run.plan(on, imposeSanction(run, caseId, inspector, subject, severity));
        if (severity === 'criminal') run.plan(addDays(on, 1), imposeSanction(run, caseId, inspector, subject, 'serious', 'expulsion'));
      }
      const unit = run.bureau.unit(subjects[0]!.unitId);
      if (unit.headId && rnd.chance(0.15)) run.plan(addDays(run.day, rnd.int(1, 7)), sanctionUnitHead(run, caseId, inspector, unit));
      run.plan(addDays(last, rnd.int(5, 25)), closeCase(run, caseId, inspector));
    });
  };
}
