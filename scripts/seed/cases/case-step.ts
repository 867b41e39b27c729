import type { Actor, CommandContext, WriteResult } from '../../../src/application/command-context.js';
import type { Step } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';

/** A command on a case, as a step of the day: the case's commands of one day run one after the other. */
export function caseStep(
  run: SeedRun, caseId: string, actor: Actor, command: (ctx: CommandContext) => Promise<WriteResult>,
  settle?: (ok: boolean, result: WriteResult | null) => void,
): Step {
  let result: WriteResult | null = null;
  return {
    key: `case-${caseId}`,
    execute: async () => { result = run.written(await command(run.context(actor))); },
    ...(settle ? { settle: (ok: boolean) => settle(ok, result) } : {}),
  };
}
