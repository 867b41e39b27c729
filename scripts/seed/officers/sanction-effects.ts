import { addDays, addMonths, type CalendarDate } from '../../../src/domain/shared/calendar.js';
import type { SanctionKind } from '../../../src/domain/shared/codes.js';
import { active, type OfficerModel, type UnitModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import type { SeedRun } from '../seed-run.js';
import { assign } from './assignment.js';
import { recruit } from './recruitment.js';

/**
 * What a sanction that took effect does to the officer in the seed's model (as the register's own
 * sanction effects do), and what the bureau then plans: a new qualification once the bar has
 * passed, a desk post, a recruit in place of an officer who left.
 */
export function applySanction(run: SeedRun, o: OfficerModel, kind: SanctionKind, untilOn: CalendarDate | null, unit: UnitModel): void {
  switch (kind) {
    case 'qualification_revoked':
      o.qualified = false;
      o.barredUntil = addMonths(run.day, run.sanctionBarMonths);
      // Granted again once the bar has passed (a year of retraining by default).
      run.plan(o.barredUntil, () => (o.qualified || !o.inService ? null : hrStep(
        run, o.id,
        (ctx) => run.commands.grantQualification({ certificateNo: `豫交执${run.day.slice(0, 4)}${o.id.slice(1)}R`, grantedOn: run.day }, o.id, ctx),
        (ok) => { if (ok) o.qualified = true; },
      )));
      if (run.bureau.postOf(o)?.enforcement) {
        o.postId = null;
        o.dueOn = null;
        run.plan(addDays(run.day, 1), () => (active(o) ? assign(run, o, run.bureau.posts.get(unit.deskPost)!, run.day, 'transfer') : null));
      }
      break;
    case 'reassignment':
      o.postId = unit.deskPost;
      o.dueOn = null;
      o.barredUntil = addMonths(run.day, run.sanctionBarMonths);
      break;
    case 'dismissal':
    case 'expulsion':
      o.inService = false;
      o.postId = null;
      o.dueOn = null;
      // The unit recruits a replacement.
      run.plan(addDays(run.day, run.rnd.int(30, 120)), recruit(run, unit));
      break;
    case 'off_post_training':
      o.trainingUntil = untilOn;
      break;
    default:
      break;
  }
}

/** HR records the end of an off-post training on its last day. */
export function completeTraining(run: SeedRun, o: OfficerModel, sanctionId: string): Planned {
  // An officer dismissed or expelled during the training is not recorded as completing it afterwards,
  // nor is a training a review or appeal lifted (it no longer ends on the day planned).
  return () => (!o.inService || o.trainingUntil !== run.day ? null : hrStep(
    run, o.id,
    (ctx) => run.commands.completeOffPostTraining({ sanctionId, completedOn: run.day }, o.id, ctx),
    () => { o.trainingUntil = null; },
  ));
}
