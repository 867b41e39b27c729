import type { CommandContext, WriteResult } from '../../../src/application/command-context.js';
import type { CalendarDate } from '../../../src/domain/shared/calendar.js';
import { INSPECTORS } from '../actors.js';
import type { Step } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';

// The 2021 campaign's rectification ledgers (整改台账, 潢交字〔2021〕71号): by 25 June each unit lists
// the problems its self-inspection found, with a measure, the department and person responsible and a
// deadline (25 August, the day rectification was to be done); the bureau's inspectors note progress
// at the July briefings, record each completion, extend a deadline now and then, and check the work in
// September. A few items a unit: some done on time, some late (one extended only after its deadline
// had passed), one redone after a failed check, some still open. Through the command path, as every
// other part of the seed; no random draws (the rest of the bureau stays as it is for a seed).

const LISTED_ON = '2021-06-25';
const BRIEFING = '2021-07-18';
const DUE_ON = '2021-08-25';

const PROBLEMS: readonly { problem: string; measure: string; department: string; source: 'self_inspection' | 'public_opinion' | 'inspection' }[] = [
  { problem: '执法出勤不出力，路面巡查记录不全', measure: '实行巡查签到，执法记录每周抽查', department: '稽查中队', source: 'self_inspection' },
  { problem: '执法文书制作不规范，案卷归档不及时', measure: '开展执法文书专项培训，建立案卷评查制度', department: '法制股', source: 'self_inspection' },
  { problem: '罚没款收缴未严格执行罚缴分离', measure: '推行非现场缴款，罚没款日清月结', department: '财务股', source: 'inspection' },
  { problem: '窗口服务态度生硬，群众办事等候时间长', measure: '开展文明执法服务培训，推行首问负责制', department: '政务服务窗口', source: 'public_opinion' },
  { problem: '随意拦车检查，未亮明执法身份', measure: '执法全程佩戴执法记录仪，严格亮证执法', department: '稽查中队', source: 'self_inspection' },
  { problem: '受理投诉不及时，办理超时限', measure: '建立投诉台账，实行限时办结和督办', department: '办公室', source: 'self_inspection' },
];

type Fate = 'on_time' | 'late' | 'open' | 'extended_late' | 'redone' | 'extended';
/** Cycled over the items in the order the units were registered. */
const FATES: readonly Fate[] = ['on_time', 'late', 'open', 'extended_late', 'on_time', 'redone', 'extended', 'open'];

/** Plans the ledgers when the seeded period covers the day they were due to the county bureau. */
export function planCampaignLedger(run: SeedRun): void {
  if (!(run.from < LISTED_ON && LISTED_ON <= run.to)) return;
  let n = 0;
  for (const unit of run.bureau.units.slice(0, 5)) {
    for (let k = 0; k < 2; k++, n++) {
      const problem = PROBLEMS[n % PROBLEMS.length]!;
      const fate = FATES[n % FATES.length]!;
      const inspector = INSPECTORS[n % INSPECTORS.length]!;
      run.plan(LISTED_ON, () => {
        const head = unit.headId === null ? undefined : run.bureau.officers.get(unit.headId);
        const responsible = head?.inService ? { responsiblePerson: head.name, responsibleOfficerId: head.id } : { responsiblePerson: `${unit.name}负责人` };
        let id: string | null = null;
        return {
          key: `rectification-new-${unit.id}-${k}`,
          execute: async () => {
            id = run.written(await run.commands.recordRectification({
              unitId: unit.id, problem: problem.problem, source: problem.source, measure: problem.measure,
              responsibleDepartment: problem.department, ...responsible, foundOn: '2021-06-20', dueOn: DUE_ON,
            }, run.context(inspector))).id;
          },
          // Planned once the day has run, in the order planned: the later days' steps come in the same order every time.
          settle: (ok) => { if (ok && id !== null) follow(run, id, fate, inspector); },
        };
      });
    }
  }
}

/** What becomes of an item, planned on the days it happens. */
function follow(run: SeedRun, id: string, fate: Fate, inspector: (typeof INSPECTORS)[number]): void {
  const on = (day: CalendarDate, command: (ctx: CommandContext) => Promise<WriteResult>) =>
    run.plan(day, (): Step => ({ key: `rectification-${id}`, execute: async () => { run.written(await command(run.context(inspector))); } }));
  const progress = (day: CalendarDate, note: string) => on(day, (ctx) => run.commands.noteRectificationProgress({ notedOn: day, note }, id, ctx));
  const complete = (day: CalendarDate, summary: string) => on(day, (ctx) => run.commands.completeRectification({ completedOn: day, summary }, id, ctx));
  const check = (day: CalendarDate, outcome: 'accepted' | 'rejected', note: string, dueOn?: CalendarDate) =>
    on(day, (ctx) => run.commands.verifyRectification({ verifiedOn: day, outcome, note, ...(dueOn ? { dueOn } : {}) }, id, ctx));
  const extend = (day: CalendarDate, dueOn: CalendarDate) =>
    on(day, (ctx) => run.commands.extendRectificationDeadline({ dueOn, reason: '涉及设备采购和制度报批，需延长整改时间', approvedBy: '县局整治领导小组', approvedOn: day }, id, ctx));
  progress(BRIEFING, '已制定整改方案并部署落实');
  switch (fate) {
    case 'on_time':
      complete('2021-08-20', '整改措施已落实，形成长效制度');
      check('2021-09-10', 'accepted', '督查组抽查，整改到位');
      break;
    case 'late':
      complete('2021-09-06', '整改措施已落实');
      check('2021-09-15', 'accepted', '整改到位，但超过时限完成');
      break;
    case 'extended_late':
      // Extended only after the deadline had passed: done before the new one, and still late.
      extend('2021-09-01', '2021-09-30');
      complete('2021-09-20', '设备到位，制度已执行');
      break;
    case 'extended':
      extend('2021-08-20', '2021-09-30');
      complete('2021-09-24', '设备到位，制度已执行');
      check('2021-09-28', 'accepted', '整改到位');
      break;
    case 'redone':
      complete('2021-08-16', '已整改');
      check('2021-08-23', 'rejected', '整改流于形式，群众仍有反映', '2021-09-15');
      complete('2021-09-10', '重新整改，建立回访制度');
      check('2021-09-17', 'accepted', '回访群众满意');
      break;
    case 'open':
      break;
  }
}
