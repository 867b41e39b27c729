import { addMonths, type CalendarDate } from '../../../src/domain/shared/calendar.js';
import type { OfficerModel, PostModel } from '../bureau/model.js';
import type { Step } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import type { SeedRun } from '../seed-run.js';

/** HR puts the officer on the post from `on`; once accepted, a sensitive post's rotation falls due after its term. */
export function assign(run: SeedRun, o: OfficerModel, post: PostModel, on: CalendarDate, reason: 'appointment' | 'rotation' | 'transfer'): Step {
  return hrStep(run, o.id, (ctx) => run.commands.assignOfficer({ postId: post.id, effectiveOn: on, reason }, o.id, ctx), (ok) => {
    if (!ok) return;
    o.postId = post.id;
    o.unitId = post.unitId;
    o.deferred = false;
    o.dueOn = post.sensitive && post.months ? addMonths(on, post.months) : null;
  });
}
