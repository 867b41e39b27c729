import { addDays, addMonths } from '../../../src/domain/shared/calendar.js';
import { active, mayEnforce, type OfficerModel, type PostModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import type { SeedRun } from '../seed-run.js';
import { DEFERRAL_REASONS } from '../vocabulary.js';
import { assign } from './assignment.js';

/**
 * A holder of a sensitive post whose term is due: now and then the rotation is deferred once (the
 * bureau's party committee approves), otherwise the officer moves to another unit and a colleague
 * takes the post over the next day.
 */
export function rotateOrDefer(run: SeedRun, o: OfficerModel): Planned {
  return () => {
    const { rnd, bureau } = run;
    const post = bureau.postOf(o);
    if (!post?.sensitive || !active(o) || !o.dueOn || o.dueOn > run.day) return null;
    if (!o.deferred && rnd.chance(0.15)) {
      const until = addMonths(o.dueOn > run.day ? o.dueOn : run.day, rnd.int(6, 12));
      const reason = rnd.pick(DEFERRAL_REASONS);
      return hrStep(run, o.id, (ctx) => run.commands.deferRotation({ until, reason, approvedBy: '局党组会议' }, o.id, ctx), (ok) => {
        if (ok) {
          o.deferred = true;
          o.dueOn = until;
        }
      });
    }
    const others = bureau.units.filter((u) => u.id !== post.unitId);
    const target = rnd.pick(others.length > 0 ? others : bureau.units);
    const move = assign(run, o, bureau.posts.get(mayEnforce(o, run.day) ? target.enforcementPost : target.deskPost)!, run.day, 'rotation');
    return {
      ...move,
      settle: (ok) => {
        move.settle?.(ok);
        // The post does not stay empty: a colleague of the unit takes it over the next day.
        if (ok) run.plan(addDays(run.day, 1), takeOverPost(run, post));
      },
    };
  };
}

/** A colleague of the post's unit, on no sensitive post (and allowed to enforce, for an enforcement post), takes it. */
export function takeOverPost(run: SeedRun, post: PostModel): Planned {
  return () => {
    const { bureau } = run;
    const unit = bureau.unit(post.unitId);
    const candidates = unit.officers.map((id) => bureau.officers.get(id)!)
      .filter((o) => active(o) && o.unitId === unit.id && !bureau.postOf(o)?.sensitive && (!post.enforcement || mayEnforce(o, run.day)));
    if (candidates.length === 0) return null;
    const chosen = run.rnd.pick(candidates);
    const step = assign(run, chosen, post, run.day, 'rotation');
    // Taken now: a second vacancy of the same day must choose someone else (undone if refused).
    const before = { postId: chosen.postId, dueOn: chosen.dueOn };
    chosen.dueOn = post.months ? addMonths(run.day, post.months) : null;
    chosen.postId = post.id;
    return {
      ...step,
      settle: (ok) => {
        if (!ok) Object.assign(chosen, before);
        step.settle?.(ok);
      },
    };
  };
}
