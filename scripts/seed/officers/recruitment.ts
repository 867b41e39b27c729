import { addDays } from '../../../src/domain/shared/calendar.js';
import { active, newOfficer, type UnitModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import { personName } from '../person-name.js';
import type { SeedRun } from '../seed-run.js';
import { assign } from './assignment.js';

/**
 * A unit recruits an officer (in place of one dismissed or expelled): registered that day,
 * qualified some weeks later, then put on the unit's enforcement post.
 */
export function recruit(run: SeedRun, unit: UnitModel): Planned {
  return () => {
    const o = newOfficer(run.nextOfficerId(), personName(run.rnd), unit.id);
    const hiredOn = run.day;
    o.hiredOn = hiredOn;
    return hrStep(run, o.id, (ctx) => run.commands.registerOfficer({ officerId: o.id, name: o.name, unitId: unit.id, hiredOn }, ctx), (ok) => {
      if (!ok) return;
      run.bureau.officers.set(o.id, o);
      unit.officers.push(o.id);
      run.plan(addDays(run.day, run.rnd.int(20, 60)), () => hrStep(
        run, o.id,
        (ctx) => run.commands.grantQualification({ certificateNo: `豫交执${run.day.slice(0, 4)}${o.id.slice(1)}`, grantedOn: run.day }, o.id, ctx),
        (granted) => {
          if (!granted) return;
          o.qualified = true;
          run.plan(addDays(run.day, run.rnd.int(1, 10)), () => (active(o) && !o.postId ? assign(run, o, run.bureau.posts.get(unit.enforcementPost)!, run.day, 'appointment') : null));
        },
      ));
    });
  };
}
