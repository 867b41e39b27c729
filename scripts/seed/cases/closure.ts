import type { Actor } from '../../../src/application/command-context.js';
import type { Planned } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';
import { caseStep } from './case-step.js';

const CLOSING_SUMMARIES = ['已按规定处理，整改到位，予以办结', '已向反映人反馈核实结果，办结', '问题已整改，办结'];

export function closeCase(run: SeedRun, caseId: string, inspector: Actor): Planned {
  return () => {
    // Drawn as the step is prepared, in the order planned: a draw while commands run would follow the order they finish in.
    const summary = run.rnd.pick(CLOSING_SUMMARIES);
    return caseStep(run, caseId, inspector, (ctx) => run.commands.closeCase({ summary, closedOn: run.caseDay(caseId) }, caseId, ctx));
  };
}
