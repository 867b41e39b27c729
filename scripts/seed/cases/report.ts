import type { ReportChannel, ViolationCategory } from '../../../src/domain/shared/codes.js';
import { addDays } from '../../../src/domain/shared/calendar.js';
import { INSPECTORS } from '../actors.js';
import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import { personName } from '../person-name.js';
import type { SeedRun } from '../seed-run.js';
import { CATEGORY_WEIGHTS, CHANNEL_WEIGHTS, NAMED_CHANNELS, RULE_REFS, SUMMARIES, TOWNS } from '../vocabulary.js';
import { correctCategory, correctSubjectUnit } from './corrections.js';
import { assignVerification } from './verification.js';

/**
 * A new report about one officer in service (now and then two of the same unit), by a channel,
 * named or anonymous where the channel has a reporter: then verification, and now and then a
 * correction of the case's record. A share of them are kept on paper and entered late, each step
 * with the day it happened (SeedRun.drawPaperLag).
 */
export function reportCase(run: SeedRun): Planned {
  return () => {
    const { rnd } = run;
    const subjects = pickSubjects(run);
    if (subjects.length === 0) return null;
    const category = rnd.weighted(CATEGORY_WEIGHTS);
    const channel: ReportChannel = rnd.weighted(CHANNEL_WEIGHTS);
    const named = NAMED_CHANNELS.has(channel) && rnd.chance(0.65);
    const reporter = NAMED_CHANNELS.has(channel)
      ? named ? { name: personName(rnd), contact: `1${rnd.int(3, 9)}${rnd.int(100000000, 999999999)}`, anonymous: false } : { anonymous: true }
      : null;
    const before = rnd.int(0, 20);
    // Received on paper that many days ago; not for a subject hired since the breach would have happened.
    const drawn = run.drawPaperLag();
    const lag = subjects.some((s) => s.hiredOn !== undefined && s.hiredOn > addDays(run.day, -(drawn + before))) ? 0 : drawn;
    const reportedOn = addDays(run.day, -lag);
    const input = {
      officerIds: subjects.map((s) => s.id), category, channel, occurredOn: addDays(reportedOn, -before), reportedOn, summary: summaryFor(run, category),
      ruleRefs: rnd.chance(0.7) ? [rnd.pick(RULE_REFS[category])] : [], ...(reporter ? { reporter } : {}),
    };
    const inspector = rnd.pick(INSPECTORS);
    let caseId = '';
    return {
      key: run.nextNewCaseKey(),
      execute: async () => {
        caseId = run.written(await run.commands.reportCase(input, run.context(inspector))).id;
        run.keptOnPaper(caseId, lag);
        run.caseCount += 1;
      },
      settle: (ok) => {
        if (!ok) return;
        run.plan(addDays(run.day, rnd.int(1, 3)), assignVerification(run, caseId, inspector, subjects));
        // One draw decides both corrections (and the day of the second is fixed), so the bureaus
        // generated before subject units could be corrected keep their sequence of draws.
        const correction = rnd.next();
        if (correction < 0.02) run.plan(addDays(run.day, rnd.int(1, 4)), correctCategory(run, caseId, inspector, category));
        else if (correction < 0.025) run.plan(addDays(run.day, 2), correctSubjectUnit(run, caseId, inspector, subjects[0]!));
      },
    };
  };
}

function pickSubjects(run: SeedRun): OfficerModel[] {
  const { rnd, bureau } = run;
  const unit = rnd.pick(bureau.units);
  const candidates = unit.officers.map((id) => bureau.officers.get(id)!).filter((o) => o.inService);
  if (candidates.length === 0) return [];
  const first = rnd.pick(candidates);
  if (!rnd.chance(0.15) || candidates.length < 2) return [first];
  const second = rnd.pick(candidates);
  return second.id === first.id ? [first] : [first, second];
}

function summaryFor(run: SeedRun, category: ViolationCategory): string {
  const { rnd } = run;
  return rnd.pick(SUMMARIES[category])
    .replace('{place}', `${rnd.pick(TOWNS)}${rnd.pick(['G312国道', 'S337省道', '治超检测点', '客运站', '货运站场'])}`)
    .replace('{plate}', `豫S${String.fromCharCode(65 + rnd.int(0, 25))}${rnd.int(10000, 99999)}`);
}
