// `npm run seed`: a realistic county transport bureau written through the register's own command
// path (createCommandService: the same decisions, rules and appends as the HTTP API), day by day over
// years of simulated time: units and posts, officers with Chinese names, assignments and rotations
// of sensitive posts, deferrals, warning education, and cases of every category and channel through
// verification, evidence, interventions, findings, sanctions, appeals, corrections and closure.
//
//   npm run seed -- --officers 300 --years 5 --seed 2021
//
// The same seed and dates write the same bureau (ids the register assigns, such as case ids, are
// random). Each simulated day's commands run with that day as the server's clock (ctx.now), so no
// date is ever in the future of its record time. Tests and benchmarks import seedRegister().
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Actor, CommandContext, WriteResult } from '../src/application/command-context.js';
import { addDays, addMonths, type CalendarDate } from '../src/domain/shared/calendar.js';
import type { FindingOutcome, ReportChannel, SanctionKind, Severity, ViolationCategory } from '../src/domain/shared/codes.js';
import { HR, INSPECTORS } from './seed/actors.js';
import { active, newOfficer, type OfficerModel, type UnitModel } from './seed/bureau/model.js';
import type { Planned, Step } from './seed/day-scheduler.js';
import type { SeedOptions, SeedReport } from './seed/options.js';
import { personName } from './seed/person-name.js';
import { assign } from './seed/officers/assignment.js';
import { rotateOrDefer, takeOverPost } from './seed/officers/rotation.js';
import { applySanction, completeTraining } from './seed/officers/sanction-effects.js';
import { SeedRun } from './seed/seed-run.js';
import {
  CATEGORY_WEIGHTS, CHANNEL_WEIGHTS, DESK_POST, ENFORCEMENT_POST, EVIDENCE, GIVEN, NAMED_CHANNELS, RULE_REFS,
  SENSITIVE_POSTS, SUMMARIES, TOWNS, UNIT_NAMES, WARNING_TOPICS,
} from './seed/vocabulary.js';

export type { SeedOptions, SeedProgress, SeedReport } from './seed/options.js';

export async function seedRegister(options: SeedOptions): Promise<SeedReport> {
  const run = new SeedRun(options);
  const { rnd, commands, store, bureau, from, to, officerCount, unitCount, caseRate } = run;
  const { officers, posts, units } = bureau;
  const plan = (on: CalendarDate, action: Planned) => run.plan(on, action);
  const context = (actor: Actor) => run.context(actor);
  const written = (result: WriteResult) => run.written(result);
  const name = () => personName(rnd);
  const postOf = (o: OfficerModel) => bureau.postOf(o);
  const runDay = (actions: Planned[]) => run.scheduler.runDay(actions);

  // --- the bureau on the first day ----------------------------------------------------------------

  for (let i = 0; i < unitCount; i++) {
    const unitName = i < UNIT_NAMES.length ? UNIT_NAMES[i]! : `${TOWNS[(i - UNIT_NAMES.length) % TOWNS.length]}交通管理站${i >= UNIT_NAMES.length + TOWNS.length ? Math.floor(i / TOWNS.length) : ''}`;
    const id = `U${String(i + 1).padStart(2, '0')}`;
    units.push({ id, name: unitName, headId: null, officers: [], sensitivePosts: [], enforcementPost: `${id}-ENF`, deskPost: `${id}-DESK` });
  }
  for (let i = 0; i < officerCount; i++) {
    const unit = units[i % unitCount]!;
    const id = run.nextOfficerId();
    officers.set(id, newOfficer(id, name(), unit.id));
    unit.officers.push(id);
  }
  for (const unit of units) {
    const sensitive = Math.max(2, Math.ceil(unit.officers.length * 0.15));
    for (let s = 0; s < sensitive; s++) {
      const kind = SENSITIVE_POSTS[s % SENSITIVE_POSTS.length]!;
      const id = `${unit.id}-S${String(s + 1).padStart(2, '0')}`;
      posts.set(id, { id, unitId: unit.id, title: `${kind.title}${s >= SENSITIVE_POSTS.length ? Math.floor(s / SENSITIVE_POSTS.length) + 1 : ''}`, enforcement: kind.enforcement, sensitive: true, months: kind.months });
      unit.sensitivePosts.push(id);
    }
    posts.set(unit.enforcementPost, { id: unit.enforcementPost, unitId: unit.id, title: ENFORCEMENT_POST, enforcement: true, sensitive: false, months: null });
    posts.set(unit.deskPost, { id: unit.deskPost, unitId: unit.id, title: DESK_POST, enforcement: false, sensitive: false, months: null });
  }

  const setup: Planned[] = [];
  for (const unit of units) {
    setup.push(() => ({ key: `unit-${unit.id}`, execute: async () => { written(await commands.registerUnit({ unitId: unit.id, name: unit.name }, context(HR))); } }));
  }
  await runDay(setup);
  const registrations: Planned[] = [];
  const hiredOn = new Map<string, CalendarDate>();
  const qualifiedOn = new Map<string, CalendarDate>();
  for (const o of officers.values()) {
    const hired = addDays(from, -rnd.int(365, 365 * 20));
    hiredOn.set(o.id, hired);
    registrations.push(() => ({
      key: o.id,
      execute: async () => { written(await commands.registerOfficer({ officerId: o.id, name: o.name, unitId: o.unitId, hiredOn: hired }, context(HR))); },
    }));
    if (rnd.chance(0.9)) {
      const drawn = addDays(hired, rnd.int(30, 300));
      const grantedOn = drawn < from ? drawn : from;
      qualifiedOn.set(o.id, grantedOn);
      registrations.push(() => ({
        key: o.id,
        execute: async () => { written(await commands.grantQualification({ certificateNo: `豫交执${grantedOn.slice(0, 4)}${o.id.slice(1)}`, grantedOn }, o.id, context(HR))); },
        settle: (ok) => { o.qualified = ok; },
      }));
    }
    if (rnd.chance(0.005)) {
      // A registration typed wrong, corrected a few weeks later.
      plan(addDays(from, rnd.int(5, 40)), () => ({
        key: o.id,
        execute: async () => {
          const [registration] = await store.readStream(`officer-${o.id}`, { maxCount: 1 });
          written(await commands.correctOfficer({ correctsEventId: registration!.id, reason: '姓名录入错误，据身份证更正', changes: { name: `${o.name}${rnd.pick(GIVEN)}` } }, o.id, context(HR)));
        },
      }));
    }
  }
  for (const post of posts.values()) {
    registrations.push(() => ({
      key: `post-${post.id}`,
      execute: async () => {
        written(await commands.definePost({
          postId: post.id, unitId: post.unitId, title: post.title, enforcement: post.enforcement, sensitive: post.sensitive,
          ...(post.months ? { rotationPeriodMonths: post.months } : {}),
        }, context(HR)));
      },
    }));
  }
  await runDay(registrations);

  const heads: Planned[] = units.map((unit) => () => {
    const headId = unit.officers[0];
    if (!headId) return null;
    return {
      key: `unit-${unit.id}`,
      execute: async () => { written(await commands.appointUnitHead({ officerId: headId, effectiveOn: from }, unit.id, context(HR))); },
      settle: (ok) => { if (ok) unit.headId = headId; },
    };
  });
  await runDay(heads);

  const initial: Planned[] = [];
  for (const unit of units) {
    const members = unit.officers.map((id) => officers.get(id)!);
    const qualified = members.filter((o) => o.qualified);
    const holders = new Set<string>();
    unit.sensitivePosts.forEach((postId, i) => {
      const post = posts.get(postId)!;
      const holder = (post.enforcement ? qualified : members)[i + 1];
      if (!holder || holders.has(holder.id)) return;
      holders.add(holder.id);
      // Not before the officer was hired, nor (for an enforcement post) before they were qualified.
      const hired = post.enforcement ? qualifiedOn.get(holder.id)! : hiredOn.get(holder.id)!;
      const earliest = hired > addMonths(from, -72) ? hired : addMonths(from, -72);
      const since = addDays(earliest, rnd.int(0, Math.max(0, Math.round((Date.parse(from) - Date.parse(earliest)) / 86_400_000))));
      initial.push(() => assign(run, holder, post, since <= from ? since : from, 'appointment'));
    });
    for (const o of members) {
      if (holders.has(o.id)) continue;
      const post = posts.get(o.qualified ? unit.enforcementPost : unit.deskPost)!;
      const hired = o.qualified ? qualifiedOn.get(o.id)! : hiredOn.get(o.id)!;
      initial.push(() => assign(run, o, post, hired > addMonths(from, -24) ? hired : addMonths(from, -24), 'appointment'));
    }
  }
  await runDay(initial);

  // --- what happens later -------------------------------------------------------------------------

  const pickSubjects = (): OfficerModel[] => {
    const unit = rnd.pick(units);
    const candidates = unit.officers.map((id) => officers.get(id)!).filter((o) => o.inService);
    if (candidates.length === 0) return [];
    const first = rnd.pick(candidates);
    if (!rnd.chance(0.15) || candidates.length < 2) return [first];
    const second = rnd.pick(candidates);
    return second.id === first.id ? [first] : [first, second];
  };

  const summaryFor = (category: ViolationCategory): string =>
    rnd.pick(SUMMARIES[category])
      .replace('{place}', `${rnd.pick(TOWNS)}${rnd.pick(['G312国道', 'S337省道', '治超检测点', '客运站', '货运站场'])}`)
      .replace('{plate}', `豫S${String.fromCharCode(65 + rnd.int(0, 25))}${rnd.int(10000, 99999)}`);

  function reportCase(): Planned {
    return () => {
      const subjects = pickSubjects();
      if (subjects.length === 0) return null;
      const category = rnd.weighted(CATEGORY_WEIGHTS);
      const channel: ReportChannel = rnd.weighted(CHANNEL_WEIGHTS);
      const named = NAMED_CHANNELS.has(channel) && rnd.chance(0.65);
      const reporter = NAMED_CHANNELS.has(channel)
        ? named ? { name: name(), contact: `1${rnd.int(3, 9)}${rnd.int(100000000, 999999999)}`, anonymous: false } : { anonymous: true }
        : null;
      const input = {
        officerIds: subjects.map((s) => s.id), category, channel, occurredOn: addDays(run.day, -rnd.int(0, 20)), summary: summaryFor(category),
        ruleRefs: rnd.chance(0.7) ? [rnd.pick(RULE_REFS[category])] : [], ...(reporter ? { reporter } : {}),
      };
      const inspector = rnd.pick(INSPECTORS);
      let caseId = '';
      return {
        key: run.nextNewCaseKey(),
        execute: async () => {
          caseId = written(await commands.reportCase(input, context(inspector))).id;
          run.caseCount += 1;
        },
        settle: (ok) => {
          if (!ok) return;
          plan(addDays(run.day, rnd.int(1, 3)), verify(caseId, inspector, subjects));
          // One draw decides both corrections (and the day of the second is fixed), so the bureaus
          // generated before subject units could be corrected keep their sequence of draws.
          const correction = rnd.next();
          if (correction < 0.02) plan(addDays(run.day, rnd.int(1, 4)), correctCase(caseId, inspector));
          else if (correction < 0.025) plan(addDays(run.day, 2), correctSubjectUnit(caseId, inspector, subjects[0]!));
        },
      };
    };
  }


  const caseStep = (caseId: string, actor: Actor, run: (ctx: CommandContext) => Promise<WriteResult>, settle?: (ok: boolean, result: WriteResult | null) => void): Step => {
    let result: WriteResult | null = null;
    return {
      key: `case-${caseId}`,
      execute: async () => { result = written(await run(context(actor))); },
      ...(settle ? { settle: (ok: boolean) => settle(ok, result) } : {}),
    };
  };

  function correctCase(caseId: string, inspector: Actor): Planned {
    return () => {
      const category = rnd.weighted(CATEGORY_WEIGHTS);
      return caseStep(caseId, inspector, async (ctx) => {
        const [reported] = await store.readStream(`case-${caseId}`, { maxCount: 1 });
        return commands.correctCase({ correctsEventId: reported!.id, reason: '问题类别登记有误，予以更正', changes: { category } }, caseId, ctx);
      });
    };
  }

  /**
   * A subject seconded (借调) to a neighbouring unit when the breach happened, which the register
   * does not know: the inspector corrects the unit of the case before the finding.
   */
  function correctSubjectUnit(caseId: string, inspector: Actor, subject: OfficerModel): Planned {
    return () => {
      const unitId = units[(units.findIndex((u) => u.id === subject.unitId) + 1) % units.length]!.id;
      return caseStep(caseId, inspector, async (ctx) => {
        const [reported] = await store.readStream(`case-${caseId}`, { maxCount: 1 });
        return commands.correctCase({ correctsEventId: reported!.id, reason: '违纪时借调至其他单位，按实际所在单位更正', changes: { subjectUnits: [{ officerId: subject.id, unitId }] } }, caseId, ctx);
      });
    };
  }

  function verify(caseId: string, inspector: Actor, subjects: OfficerModel[]): Planned {
    return () => caseStep(caseId, inspector, (ctx) => commands.assignVerification({ inspectorId: inspector.sub }, caseId, ctx), (ok) => {
      if (!ok) return;
      for (let i = rnd.int(1, 2); i > 0; i--) plan(addDays(run.day, rnd.int(1, 10)), evidence(caseId, inspector));
      if (rnd.chance(0.12)) plan(addDays(run.day, rnd.int(2, 12)), intervention(caseId, inspector, subjects[0]!));
      const r = rnd.next();
      if (r < 0.75) plan(addDays(run.day, rnd.int(5, 28)), finding(caseId, inspector, subjects));
      else if (r < 0.93) plan(addDays(run.day, rnd.int(31, 55)), finding(caseId, inspector, subjects));
      // else: never found, overdue
    });
  }

  function evidence(caseId: string, inspector: Actor): Planned {
    return () => {
      const description = rnd.pick(EVIDENCE);
      const reference = `档案${run.day.slice(0, 4)}-${rnd.int(1000, 9999)}`;
      return caseStep(caseId, inspector, (ctx) => commands.attachEvidence({ description, reference }, caseId, ctx));
    };
  }

  function intervention(caseId: string, inspector: Actor, subject: OfficerModel): Planned {
    return () => {
      const kind = rnd.chance(0.6) ? 'reminder_talk' as const : 'written_inquiry' as const;
      return caseStep(caseId, inspector, (ctx) => commands.recordIntervention({ officerId: subject.id, kind, heldOn: run.day }, caseId, ctx));
    };
  }

  function finding(caseId: string, inspector: Actor, subjects: OfficerModel[]): Planned {
    return () => {
      const outcome = rnd.weighted<FindingOutcome>([['substantiated', 45], ['partly_substantiated', 20], ['unfounded', 35]]);
      const severity = outcome === 'unfounded' ? null : rnd.weighted<Severity>([['minor', 90], ['serious', 8], ['criminal', 2]]);
      const summary = outcome === 'unfounded' ? '经核实，反映问题不属实' : outcome === 'substantiated' ? '经核实，反映问题属实' : '经核实，反映问题部分属实';
      return caseStep(caseId, inspector, (ctx) => commands.recordFinding({ outcome, severity, summary }, caseId, ctx), (ok) => {
        if (!ok) return;
        if (severity === null) {
          plan(addDays(run.day, rnd.int(1, 10)), close(caseId, inspector));
          return;
        }
        let last = run.day;
        for (const subject of subjects) {
          const on = addDays(run.day, rnd.int(1, 7));
          last = on > last ? on : last;
          plan(on, sanction(caseId, inspector, subject, severity));
          if (severity === 'criminal') plan(addDays(on, 1), sanction(caseId, inspector, subject, 'serious', 'expulsion'));
        }
        const unit = units.find((u) => u.id === subjects[0]!.unitId)!;
        if (unit.headId && rnd.chance(0.15)) plan(addDays(run.day, rnd.int(1, 7)), headSanction(caseId, inspector, unit));
        plan(addDays(last, rnd.int(5, 25)), close(caseId, inspector));
      });
    };
  }

  function sanctionKind(o: OfficerModel, severity: Severity): SanctionKind {
    if (severity === 'criminal') return 'judicial_referral';
    if (severity === 'serious') return rnd.chance(0.6) ? 'dismissal' : 'expulsion';
    const post = postOf(o);
    return rnd.weighted<SanctionKind>([
      ['criticism_education', 50], ['off_post_training', 20],
      ['qualification_revoked', o.qualified ? 15 : 0], ['reassignment', post?.enforcement ? 15 : 0],
    ]);
  }

  function sanction(caseId: string, inspector: Actor, o: OfficerModel, severity: Severity, forced?: SanctionKind): Planned {
    return () => {
      if (!o.inService) return null;
      const kind = forced ?? sanctionKind(o, severity);
      const unit = units.find((u) => u.id === o.unitId)!;
      const untilOn = kind === 'off_post_training' ? addDays(run.day, rnd.int(30, 90)) : null;
      const input = {
        officerId: o.id, kind, effectiveOn: run.day, basis: `依据《${rnd.pick(['八不准', '六严禁', '四必究'])}》规定及核实结论`,
        ...(untilOn ? { untilOn } : {}), ...(kind === 'reassignment' ? { toPostId: unit.deskPost } : {}),
      };
      return caseStep(caseId, inspector, (ctx) => commands.imposeSanction(input, caseId, ctx), (ok, result) => {
        if (!ok || !result) return;
        applySanction(run, o, kind, untilOn, unit);
        if (untilOn) plan(untilOn, completeTraining(run, o, result.id));
        if (kind !== 'judicial_referral' && rnd.chance(0.15)) plan(addDays(run.day, rnd.int(3, 25)), review(caseId, inspector, o, result.id, kind, 'review'));
      });
    };
  }

  /**
   * The head accountable is the one in office when the breach happened, as the finding's flag
   * names them (the unit may have had another head since): read from the case, as an inspector would.
   */
  function headSanction(caseId: string, inspector: Actor, unit: UnitModel): Planned {
    return () => ({
      key: `case-${caseId}`,
      execute: async () => {
        const flags = (await store.readStream(`case-${caseId}`)).filter((e) => e.type === 'AccountabilityFlagged');
        const flagged = flags.map((e) => e.data as { level: string; unitId: string; headOfficerId: string | null })
          .find((f) => f.level === 'unit_head' && f.unitId === unit.id);
        const headId = flagged?.headOfficerId;
        if (!headId || !officers.get(headId)?.inService) return;
        written(await commands.imposeSanction({
          officerId: headId, kind: 'criticism_education', capacity: 'unit_head', effectiveOn: run.day, basis: '单位负责人履行管理责任不力（四必究）',
        }, caseId, context(inspector)));
      },
    });
  }

  function review(caseId: string, inspector: Actor, o: OfficerModel, sanctionId: string, kind: SanctionKind, stage: 'review' | 'appeal'): Planned {
    return () => {
      let appealId = '';
      return caseStep(caseId, inspector, async (ctx) => {
        const result = await commands.fileAppeal({ sanctionId, stage, filedOn: run.day }, caseId, ctx);
        appealId = result.id;
        return result;
      }, (ok) => {
        if (ok) plan(addDays(run.day, rnd.int(10, 30)), decide(caseId, inspector, o, sanctionId, appealId, kind, stage));
      });
    };
  }

  function decide(caseId: string, inspector: Actor, o: OfficerModel, sanctionId: string, appealId: string, kind: SanctionKind, stage: 'review' | 'appeal'): Planned {
    return () => {
      const outcome = rnd.weighted([['upheld', 60], ['reduced', kind === 'criticism_education' ? 0 : 25], ['annulled', 15]] as const);
      const input = { outcome, decidedOn: run.day, ...(outcome === 'reduced' ? { replacementKind: 'criticism_education' as const } : {}) };
      return caseStep(caseId, inspector, (ctx) => commands.decideAppeal(input, caseId, appealId, ctx), (ok) => {
        if (!ok) return;
        if (outcome !== 'upheld') {
          // Annulled, or reduced to criticism and education: the sanction's bar is lifted.
          if (kind === 'qualification_revoked' || kind === 'reassignment') o.barredUntil = null;
          if (kind === 'qualification_revoked') o.qualified = true;
          if (kind === 'dismissal' || kind === 'expulsion') o.inService = true;
          if (kind === 'off_post_training') o.trainingUntil = null;
        }
        if (outcome === 'upheld' && stage === 'review' && rnd.chance(0.3)) {
          plan(addDays(run.day, rnd.int(1, 14)), review(caseId, inspector, o, sanctionId, kind, 'appeal'));
        }
      });
    };
  }

  function close(caseId: string, inspector: Actor): Planned {
    return () => caseStep(caseId, inspector, (ctx) => commands.closeCase({ summary: rnd.pick(['已按规定处理，整改到位，予以办结', '已向反映人反馈核实结果，办结', '问题已整改，办结']) }, caseId, ctx));
  }

  // --- the days -----------------------------------------------------------------------------------

  let lastDay = from;
  const progressEvery = 30;
  let dayNumber = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    run.clock.startDay(day);
    dayNumber += 1;
    const actions = run.scheduler.takePlanned(day);
    const month = Number(day.slice(5, 7));
    const date = Number(day.slice(8, 10));
    const all = [...officers.values()];
    // Sensitive posts: rotation when due (or a deferral), the post then goes to a colleague.
    for (const o of all) {
      if (o.dueOn !== null && o.dueOn <= day && postOf(o)?.sensitive && active(o) && rnd.chance(1 / 40)) actions.push(rotateOrDefer(run, o));
    }
    // On the first of each month, sensitive posts left empty (dismissal, a sanction, a refused
    // successor) are given to a colleague of the unit.
    if (date === 1) {
      const held = new Set<string>();
      for (const o of all) if (o.inService && o.postId) held.add(o.postId);
      for (const unit of units) {
        for (const postId of unit.sensitivePosts) if (!held.has(postId)) actions.push(takeOverPost(run, posts.get(postId)!));
      }
    }
    // Warning education: quarterly for holders of sensitive posts, every May for everyone.
    if (date === 8 && month % 3 === 0) {
      const topic = rnd.pick(WARNING_TOPICS);
      for (const o of all) {
        if (postOf(o)?.sensitive && o.inService) {
          actions.push(() => ({ key: o.id, execute: async () => { written(await commands.recordWarningEducation({ attendedOn: day, topic }, o.id, context(HR))); } }));
        }
      }
    }
    if (month === 5 && date === 18) {
      for (const o of all) {
        if (o.inService) actions.push(() => ({ key: o.id, execute: async () => { written(await commands.recordWarningEducation({ attendedOn: day, topic: '交通运输执法领域失信行为专项整治动员暨警示教育大会' }, o.id, context(HR))); } }));
      }
    }
    // Unit heads change now and then.
    for (const unit of units) {
      if (rnd.chance(1 / 1000)) {
        const candidates = unit.officers.filter((id) => id !== unit.headId && officers.get(id)!.inService);
        if (candidates.length > 0) {
          const headId = rnd.pick(candidates);
          actions.push(() => ({
            key: `unit-${unit.id}`,
            execute: async () => { written(await commands.appointUnitHead({ officerId: headId, effectiveOn: day }, unit.id, context(HR))); },
            settle: (ok) => { if (ok) unit.headId = headId; },
          }));
        }
      }
    }
    // New reports.
    let inService = 0;
    for (const o of all) if (o.inService) inService += 1;
    for (let n = rnd.poisson((inService * caseRate) / 365); n > 0; n--) actions.push(reportCase());

    await runDay(actions);
    lastDay = day;
    if (options.onProgress && dayNumber % progressEvery === 0) options.onProgress({ day, events: store.appended, commands: run.commandCount });
    if (options.maxEvents !== undefined && store.appended >= options.maxEvents) break;
  }
  options.onProgress?.({ day: lastDay, events: store.appended, commands: run.commandCount });

  return {
    from, to, lastDay, units: units.length, officers: officers.size, cases: run.caseCount, commands: run.commandCount,
    events: store.appended, refused: run.scheduler.refused, lastPosition: run.lastPosition,
  };
}

// --- the command line ---------------------------------------------------------------------------

const seedUsage = 'npm run seed -- [--officers 300] [--units N] [--years 5] [--seed 2021] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--case-rate 0.3] [--max-events N]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        officers: { type: 'string' }, units: { type: 'string' }, years: { type: 'string' }, seed: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, 'case-rate': { type: 'string' }, 'max-events': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${seedUsage}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${seedUsage}\n`
      + 'Writes a generated bureau into the register of DATA_DIR (or EVENT_STORE=esdb) through the command path; the store must be empty.\n');
    return;
  }
  // Checked before the store is opened: `--officers abc` would otherwise seed an empty bureau (NaN officers) and exit 0.
  const notNumbers = (['officers', 'units', 'years', 'seed', 'case-rate', 'max-events'] as const)
    .filter((name) => values[name] !== undefined && !(Number.isFinite(Number(values[name])) && Number(values[name]) >= 0 && values[name]!.trim() !== ''));
  if (notNumbers.length > 0) {
    process.stderr.write(`${notNumbers.map((name) => `--${name} must be a number, not "${values[name]}"`).join('\n')}\nusage: ${seedUsage}\n`);
    process.exitCode = 2;
    return;
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const { loadConfig } = await import('../src/config.js');
  const { openEventStore } = await import('../src/composition.js');
  const { withHashChain } = await import('../src/integrity/hash-chained-store.js');
  const { createProjectionRunner } = await import('../src/read-models/projection-runner.js');
  const { READ_MODEL_FILE } = await import('../src/read-models/read-model-database.js');
  const config = loadConfig();
  const base = await openEventStore(config);
  try {
    if ((await base.headPosition()) !== null) {
      process.stderr.write('The store already holds events: seed a fresh DATA_DIR (or an empty EventStoreDB).\n');
      process.exitCode = 1;
      return;
    }
    const store = withHashChain(base);
    const tty = process.stdout.isTTY;
    const started = performance.now();
    const report = await seedRegister({
      store,
      seed: number(values.seed), officers: number(values.officers), units: number(values.units), years: number(values.years),
      from: values.from, to: values.to, caseRate: number(values['case-rate']), maxEvents: number(values['max-events']),
      timezone: config.bureauTimezone, sanctionBarMonths: config.sanctionBarMonths,
      onProgress: ({ day, events, commands }) => {
        const line = `seeding: ${day}  ${events} events  ${commands} commands`;
        process.stdout.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stdout.write('\n');
    process.stdout.write(`Seeded ${report.units} units, ${report.officers} officers, ${report.cases} cases: ${report.events} events from ${report.from} to ${report.lastDay} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
    const refusals = Object.entries(report.refused);
    if (refusals.length > 0) process.stdout.write(`Refused by the register's rules (kept out of the log): ${refusals.map(([rule, n]) => `${rule} ${n}`).join(', ')}\n`);
    const runner = createProjectionRunner({ store, database: { path: join(config.dataDir, READ_MODEL_FILE) }, batchSize: 5_000 });
    runner.start();
    await runner.waitUntilCaughtUp(600_000);
    await runner.stop();
    process.stdout.write(`Read models built up to position ${runner.position()?.toString() ?? '-'}. Start the register with: npm start\n`);
  } finally {
    await base.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
