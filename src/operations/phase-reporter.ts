import type { Progress } from '../cli/progress.js';
import type { VerifySource } from '../integrity/verify.js';

// How operations tell a script how far they are, phase by phase, without knowing about terminals:
// each phase gets a Progress (see src/cli/progress.ts) from the script, or a silent one.

export type PhaseReporter = (label: string, options?: { total?: number; unit?: string }) => Progress;

const silent: Progress = { update() {}, add() {}, setTotal() {}, log() {}, done() {}, fail() {} };

export const silentPhases: PhaseReporter = () => silent;

/** A verification source that counts the events the verifier reads (for a progress line). */
export function countingSource(source: VerifySource, onEvent: (count: number) => void): VerifySource {
  return {
    ...(source.denseLog !== undefined ? { denseLog: source.denseLog } : {}),
    ...(source.redacted !== undefined ? { redacted: source.redacted } : {}),
    ...(source.firstPosition !== undefined ? { firstPosition: source.firstPosition } : {}),
    seals: () => source.seals(),
    ...(source.tally ? { tally: source.tally.bind(source) } : {}),
    async *events() {
      let count = 0;
      for await (const event of source.events()) {
        count += 1;
        if (count % 5_000 === 0) onEvent(count);
        yield event;
      }
      onEvent(count);
    },
  };
}
