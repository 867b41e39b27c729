import type { ReportChannel, ViolationCategory } from '../../src/domain/shared/codes.js';
import type { RuleReferenceCode } from '../../src/domain/shared/rule-references.js';

// Words of a county transport bureau for the seed: units, posts, people, and what reports say.
// Drawn with the seed's own random numbers, so the same seed writes the same bureau.

export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
export const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华建国志文斌鹏辉林红飞鑫宇浩凯晨俊博帅宁海波亮峰雪梅兰英玉春东旭振岩松涵'];

/** Units of the bureau (局属各单位); towns of the county for the rest. */
export const UNIT_NAMES = [
  '县交通运输综合行政执法大队一中队', '县交通运输综合行政执法大队二中队', '县交通运输综合行政执法大队三中队', '城区交通执法中队',
  '治超检测站', '路政管理所', '道路运输管理所', '港航海事所', '客运站管理所', '公路养护管理段',
];
export const TOWNS = [
  '春申街道', '老城街道', '弋阳街道', '北城街道', '双柳树镇', '伞陂镇', '卜塔集镇', '仁和镇', '付店镇', '踅孜镇', '桃林铺镇',
  '黄寺岗镇', '江家集镇', '魏岗乡', '张集乡', '来龙乡', '隆古乡', '谈店乡', '上油岗乡', '白店乡', '传流店乡',
];

export const SENSITIVE_POSTS: readonly { title: string; months: number; enforcement: boolean }[] = [
  { title: '中队长', months: 60, enforcement: true },
  { title: '稽查组长', months: 60, enforcement: true },
  { title: '案件审核岗', months: 60, enforcement: true },
  { title: '计重检测岗', months: 60, enforcement: true },
  { title: '罚没款票据管理岗', months: 36, enforcement: false },
  { title: '罚没物品保管岗', months: 36, enforcement: false },
];
export const ENFORCEMENT_POST = '路政运政执法岗';
export const DESK_POST = '综合内勤岗';

export const CATEGORY_WEIGHTS: readonly [ViolationCategory, number][] = [
  ['purpose', 25], ['conduct', 25], ['competence', 20], ['responsibility', 18], ['integrity', 12],
];

export const CHANNEL_WEIGHTS: readonly [ReportChannel, number][] = [
  ['hotline_12328', 22], ['phone', 10], ['email', 4], ['message_board', 8], ['letter', 5], ['visit', 6], ['forum', 6],
  ['questionnaire', 4], ['self_inspection', 8], ['inspection', 12], ['petition', 7], ['online', 6], ['other', 2],
];

/** Channels through which a reporter usually gives a name and a way to reach them. */
export const NAMED_CHANNELS: ReadonlySet<ReportChannel> = new Set(['hotline_12328', 'phone', 'email', 'letter', 'visit', 'petition', 'message_board', 'online']);

export const SUMMARIES: Record<ViolationCategory, readonly string[]> = {
  purpose: [
    '在{place}对前来咨询的货车司机态度冷硬，推诿不办',
    '执法过程中语言生硬，对当事人解释诉求不予理睬',
    '对{plate}车辆处罚时未说明理由，当事人多次投诉',
    '在{place}检查时粗暴执法，推搡当事人',
  ],
  conduct: [
    '工作时间在执法车内玩手机，在岗不在状态',
    '值班期间擅自离岗，接受任务讲条件',
    '执法时未着制服，风纪不整',
    '对群众使用不文明语言，造成不良影响',
  ],
  competence: [
    '在{place}随意拦车检查，未亮明执法身份',
    '对{plate}车辆扣车超过法定时限',
    '证据收集不充分即作出行政处罚决定',
    '滥用自由裁量权，同类违法行为处罚畸轻畸重',
  ],
  responsibility: [
    '受理{plate}车主投诉后超过期限未答复',
    '以罚代管，罚款后未责令纠正超限行为',
    '案件未经内部审核即作出处罚决定',
    '对群众反映问题相互推诿，久拖不办',
  ],
  integrity: [
    '罚款后未开具票据，涉嫌截留罚没款',
    '收受货车司机购物卡、香烟等财物',
    '对关系车辆选择性执法，放行{plate}超限车辆',
    '与“黄牛”勾结，为车辆违规办理手续',
  ],
};

export const RULE_REFS: Record<ViolationCategory, readonly RuleReferenceCode[]> = {
  purpose: ['bbz-3', 'bbz-6'],
  conduct: ['bbz-1', 'bbz-2', 'bbz-3'],
  competence: ['bbz-4', 'bbz-5', 'lyj-1', 'lyj-6'],
  responsibility: ['bbz-6', 'bbz-7'],
  integrity: ['lyj-2', 'lyj-4', 'lyj-5'],
};

export const EVIDENCE = ['执法记录仪视频', '当事人询问笔录', '罚没款票据存根', '现场照片', '证人证言', '车辆通行记录', '12328热线录音'];

export const WARNING_TOPICS = [
  '“八不准、六严禁、四必究”专题警示教育',
  '典型案例警示教育：截留罚没款案',
  '执法领域失信行为专项整治警示教育',
  '廉洁执法、罚缴分离制度学习',
];

export const DEFERRAL_REASONS = ['专项整治期间保持队伍稳定', '业务骨干，承担重点治超任务', '岗位接替人员尚在培训'];
