import type { CommandContext, WriteResult } from '../../src/application/command-context.js';
import { HR } from './actors.js';
import type { Step } from './day-scheduler.js';
import type { SeedRun } from './seed-run.js';

/** A command HR gives, as a step of the day keyed by the aggregate it writes (an officer's id, `unit-…`, `post-…`). */
export function hrStep(run: SeedRun, key: string, command: (ctx: CommandContext) => Promise<WriteResult>, settle?: (ok: boolean) => void): Step {
  return {
    key,
    execute: async () => { run.written(await command(run.context(HR))); },
    ...(settle ? { settle } : {}),
  };
}
