import { z } from 'zod';

// The province's rule references (八不准、六严禁、四必究) a report may cite, by stable code.
// Shipped with the register as reference data: catalogue henan-transport-enforcement, version 2021-01.
// Henan provincial transport enforcement discipline rules (八不准、六严禁、四必究), as published on a provincial transport enforcement portal in January 2021. Wording below is a faithful summary, not the official text.

export interface RuleReference {
  code: string;
  group: string;
  text: string;
  en: string;
}

export const RULE_REFERENCE_CATALOGUE = { name: 'henan-transport-enforcement', version: '2021-01' } as const;

export const ruleReferences = [
  { code: 'bbz-1', group: '八不准', text: '不准执法前饮酒', en: 'No drinking before duty' },
  { code: 'bbz-2', group: '八不准', text: '不准不着制服、不持执法证件执法', en: 'No enforcement without uniform or enforcement certificate' },
  { code: 'bbz-3', group: '八不准', text: '不准使用不文明语言、不文明行为', en: 'No uncivil language or behaviour' },
  { code: 'bbz-4', group: '八不准', text: '不准不佩戴、不使用执法记录仪执法', en: 'No enforcement without wearing and using a body camera' },
  { code: 'bbz-5', group: '八不准', text: '不准超越法定范围实施处罚', en: 'No penalties beyond the legal scope' },
  { code: 'bbz-6', group: '八不准', text: '不准只罚款不纠正违法行为', en: 'No fining without ending the violation' },
  { code: 'bbz-7', group: '八不准', text: '不准对超限运输车辆现场处罚', en: 'No on-the-spot penalties for overloaded vehicles' },
  { code: 'bbz-8', group: '八不准', text: '不准强行追缉逃逸车辆', en: 'No forced pursuit of fleeing vehicles' },
  { code: 'lyj-1', group: '六严禁', text: '严禁不具备执法资格人员执法', en: 'No enforcement by staff without qualification' },
  { code: 'lyj-2', group: '六严禁', text: '严禁超限检测站直接罚款', en: 'No direct fines at overload checkpoints' },
  { code: 'lyj-3', group: '六严禁', text: '严禁依据闯卡抓拍设备实施处罚', en: 'No penalties based on checkpoint-running cameras' },
  { code: 'lyj-4', group: '六严禁', text: '严禁与“黄牛”勾结', en: 'No collusion with touts' },
  { code: 'lyj-5', group: '六严禁', text: '严禁违规收费', en: 'No illegal fees' },
  { code: 'lyj-6', group: '六严禁', text: '严禁超时限扣留车辆', en: 'No holding vehicles past the time limit' },
  { code: 'bj-1', group: '四必究', text: '违反规定的，必究当事执法人员责任', en: 'Any breach: the officer is held accountable' },
  { code: 'bj-2', group: '四必究', text: '违反规定的，必究所在站（队）负责人责任', en: 'Any breach: the head of the station or squad is held accountable' },
  { code: 'bj-3', group: '四必究', text: '一个执法机构三人次以上违反规定的，必究执法机构负责人责任', en: 'Three or more person-breaches in one agency: the agency head is held accountable' },
  { code: 'bj-4', group: '四必究', text: '情节严重、造成恶劣影响的，必究交通运输主管部门责任', en: 'Serious cases with bad public impact: the transport authority itself is held accountable' },
] as const satisfies readonly RuleReference[];

export const ruleReferenceCodes = ruleReferences.map((r) => r.code);
export type RuleReferenceCode = (typeof ruleReferences)[number]['code'];
export const RuleReferenceCode = z.enum(ruleReferenceCodes as [RuleReferenceCode, ...RuleReferenceCode[]]);
