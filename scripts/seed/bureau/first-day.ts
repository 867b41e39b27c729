import { addDays, addMonths, type CalendarDate } from '../../../src/domain/shared/calendar.js';
import { HR } from '../actors.js';
import type { Planned } from '../day-scheduler.js';
import { hrStep } from '../hr-step.js';
import { assign } from '../officers/assignment.js';
import type { SeedRun } from '../seed-run.js';
import { GIVEN } from '../vocabulary.js';
import { layOutBureau } from './layout.js';

/** When each officer of the first day was hired and (most of them) qualified, years before the seed's first day. */
interface Careers {
  hiredOn: Map<string, CalendarDate>;
  qualifiedOn: Map<string, CalendarDate>;
}

/**
 * The bureau on the seed's first day, registered by HR as one would take over a bureau already
 * running: its units; its officers (hired and mostly qualified in earlier years) and posts; the
 * first officer of each unit as its head; everyone on a post.
 */
export async function openBureau(run: SeedRun): Promise<void> {
  layOutBureau(run);
  await run.scheduler.runDay(registerUnits(run));
  const careers: Careers = { hiredOn: new Map(), qualifiedOn: new Map() };
  await run.scheduler.runDay([...registerOfficers(run, careers), ...definePosts(run)]);
  await run.scheduler.runDay(appointHeads(run));
  await run.scheduler.runDay(assignPosts(run, careers));
}

function registerUnits(run: SeedRun): Planned[] {
  return run.bureau.units.map((unit) => () => hrStep(run, `unit-${unit.id}`, (ctx) => run.commands.registerUnit({ unitId: unit.id, name: unit.name }, ctx)));
}

function registerOfficers(run: SeedRun, careers: Careers): Planned[] {
  const { rnd, from } = run;
  const registrations: Planned[] = [];
  for (const o of run.bureau.officers.values()) {
    const hired = addDays(from, -rnd.int(365, 365 * 20));
    careers.hiredOn.set(o.id, hired);
    registrations.push(() => hrStep(run, o.id, (ctx) => run.commands.registerOfficer({ officerId: o.id, name: o.name, unitId: o.unitId, hiredOn: hired }, ctx)));
    if (rnd.chance(0.9)) {
      const drawn = addDays(hired, rnd.int(30, 300));
      const grantedOn = drawn < from ? drawn : from;
      careers.qualifiedOn.set(o.id, grantedOn);
      registrations.push(() => hrStep(
        run, o.id,
        (ctx) => run.commands.grantQualification({ certificateNo: `豫交执${grantedOn.slice(0, 4)}${o.id.slice(1)}`, grantedOn }, o.id, ctx),
        (ok) => { o.qualified = ok; },
      ));
    }
    if (rnd.chance(0.005)) {
      // A registration typed wrong, corrected a few weeks later.
      run.plan(addDays(from, rnd.int(5, 40)), () => {
        // Drawn as the step is prepared, not while commands run (their order of finishing varies).
        const name = `${o.name}${rnd.pick(GIVEN)}`;
        return {
          key: o.id,
          execute: async () => {
            const [registration] = await run.store.readStream(`officer-${o.id}`, { maxCount: 1 });
            run.written(await run.commands.correctOfficer({ correctsEventId: registration!.id, reason: '姓名录入错误，据身份证更正', changes: { name } }, o.id, run.context(HR)));
          },
        };
      });
    }
  }
  return registrations;
}

function definePosts(run: SeedRun): Planned[] {
  return [...run.bureau.posts.values()].map((post) => () => hrStep(run, `post-${post.id}`, (ctx) => run.commands.definePost({
    postId: post.id, unitId: post.unitId, title: post.title, enforcement: post.enforcement, sensitive: post.sensitive,
    ...(post.months ? { rotationPeriodMonths: post.months } : {}),
  }, ctx)));
}

function appointHeads(run: SeedRun): Planned[] {
  return run.bureau.units.map((unit) => () => {
    const headId = unit.officers[0];
    if (!headId) return null;
    return hrStep(run, `unit-${unit.id}`, (ctx) => run.commands.appointUnitHead({ officerId: headId, effectiveOn: run.from }, unit.id, ctx), (ok) => {
      if (ok) unit.headId = headId;
    });
  });
}

/**
 * Each sensitive post to a different officer of the unit (one qualified, for an enforcement post),
 * since a day of the last six years; everyone else to the enforcement post if qualified, the desk
 * post if not, since at most two years.
 */
function assignPosts(run: SeedRun, careers: Careers): Planned[] {
  const { rnd, from, bureau } = run;
  const initial: Planned[] = [];
  for (const unit of bureau.units) {
    const members = unit.officers.map((id) => bureau.officers.get(id)!);
    const qualified = members.filter((o) => o.qualified);
    const holders = new Set<string>();
    unit.sensitivePosts.forEach((postId, i) => {
      const post = bureau.posts.get(postId)!;
      const holder = (post.enforcement ? qualified : members)[i + 1];
      if (!holder || holders.has(holder.id)) return;
      holders.add(holder.id);
      // Not before the officer was hired, nor (for an enforcement post) before they were qualified.
      const eligibleOn = post.enforcement ? careers.qualifiedOn.get(holder.id)! : careers.hiredOn.get(holder.id)!;
      const earliest = eligibleOn > addMonths(from, -72) ? eligibleOn : addMonths(from, -72);
      const since = addDays(earliest, rnd.int(0, Math.max(0, Math.round((Date.parse(from) - Date.parse(earliest)) / 86_400_000))));
      initial.push(() => assign(run, holder, post, since <= from ? since : from, 'appointment'));
    });
    for (const o of members) {
      if (holders.has(o.id)) continue;
      const post = bureau.posts.get(o.qualified ? unit.enforcementPost : unit.deskPost)!;
      const eligibleOn = o.qualified ? careers.qualifiedOn.get(o.id)! : careers.hiredOn.get(o.id)!;
      initial.push(() => assign(run, o, post, eligibleOn > addMonths(from, -24) ? eligibleOn : addMonths(from, -24), 'appointment'));
    }
  }
  return initial;
}
