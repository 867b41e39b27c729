import { ActorNotPermittedError, RuleViolation } from './shared/errors.js';

// The catalogue of the register's rules. Each code is stable: clients branch on it, the HTTP layer
// returns it in the problem document (`rule`), and the web interface shows the Chinese message next
// to the form. `refuse` rules answer 409, `forbid` rules 403; `flag` rules never refuse, they mark
// a record (e.g. a late finding) so that projections can list it.

export interface RuleInfo {
  effect: 'refuse' | 'forbid' | 'flag';
  en: string;
  zh: string;
}

export const ruleCatalogue = {
  // --- registrations and references -----------------------------------------------------------
  unit_already_registered: { effect: 'refuse', en: 'A unit with this id is already registered.', zh: '该单位编号已登记。' },
  post_already_defined: { effect: 'refuse', en: 'A post with this id is already defined.', zh: '该岗位编号已设立。' },
  officer_already_registered: { effect: 'refuse', en: 'An officer with this id is already registered.', zh: '该执法人员编号已登记。' },
  post_change_changes_nothing: {
    effect: 'refuse',
    en: 'A change of a post must change it: the post already holds every value this one gives.',
    zh: '变更内容与岗位现有设置一致，无需变更。',
  },
  own_post_change: {
    effect: 'forbid',
    en: 'You cannot change the post you hold (its sensitivity and rotation period set your own rotation): another member of HR records it.',
    zh: '不得变更本人所任岗位（其是否重要敏感及轮岗周期关系本人轮岗），须由其他人事人员办理。',
  },
  unknown_unit: { effect: 'refuse', en: 'The unit named is not registered.', zh: '所填单位未登记。' },
  unknown_post: { effect: 'refuse', en: 'The post named is not defined.', zh: '所填岗位未设立。' },
  unknown_officer: { effect: 'refuse', en: 'The officer named is not registered.', zh: '所填执法人员未登记。' },
  unknown_sanction: { effect: 'refuse', en: 'The sanction named is not part of this record.', zh: '所填处理决定不存在。' },
  already_unit_head: { effect: 'refuse', en: 'This officer is already the head of the unit.', zh: '该人员已是本单位负责人。' },

  // --- dates ------------------------------------------------------------------------------------
  date_in_future: {
    effect: 'refuse',
    en: 'The date is later than today in the bureau\'s calendar; record facts once they have happened.',
    zh: '日期晚于今天（以本局所在时区为准），只能登记已发生的事实。',
  },
  date_out_of_order: {
    effect: 'refuse',
    en: 'The date is earlier than the record it follows.',
    zh: '日期早于其所依据的前一记录。',
  },

  // --- officers, posts, qualification, rotation -------------------------------------------------
  officer_separated: {
    effect: 'refuse',
    en: 'The officer has left service (dismissed or expelled): no further assignment, qualification, rotation, deferral or early intervention, and no off-post training completed after that day.',
    zh: '该人员已被辞退或开除公职，不得再任岗、授予执法资格、轮岗、延期或约谈函询，也不得登记其在离职之后结束离岗培训。',
  },
  qualification_required: {
    effect: 'refuse',
    en: 'An enforcement post needs an officer with a valid enforcement qualification.',
    zh: '执法岗位须由具有有效执法资格的人员担任。',
  },
  already_on_post: { effect: 'refuse', en: 'The officer already holds this post.', zh: '该人员已在此岗位。' },
  sanction_bars_enforcement_post: {
    effect: 'refuse',
    en: 'A reassignment away from enforcement posts, or a loss of enforcement qualification, keeps the officer off enforcement posts for a bar period after it took effect (12 months unless the register is configured otherwise), unless a review or appeal annulled it or reduced it to a kind that does not bar.',
    zh: '被调离执法岗位或被取消执法资格的人员，自处理决定生效之日起在限制期内（未另行配置的为12个月）不得安排到执法岗位；经复核、申诉撤销或变更为其他处理的除外。',
  },
  sanction_bars_qualification: {
    effect: 'refuse',
    en: 'An officer whose enforcement qualification was revoked cannot be granted a new one for a bar period after the revocation took effect (12 months unless the register is configured otherwise), unless a review or appeal annulled it or reduced it to another kind.',
    zh: '被取消执法资格的人员，自处理决定生效之日起在限制期内（未另行配置的为12个月）不得重新授予执法资格；经复核、申诉撤销或变更的除外。',
  },
  off_post_training_in_progress: {
    effect: 'refuse',
    en: 'The officer is in off-post training (now, or on the day the assignment would take effect); a post is assigned from the day the training ended.',
    zh: '该人员正在离岗培训（或在任岗生效之日正在离岗培训），须自培训结束之日起方可安排岗位。',
  },
  warning_education_already_recorded: {
    effect: 'refuse',
    en: 'The officer\'s attendance at this warning education session (same day, same topic) is already recorded.',
    zh: '该人员当日参加的此次警示教育已登记。',
  },
  no_rotation_clock: {
    effect: 'refuse',
    en: 'The officer holds no important or sensitive post, so no rotation is due.',
    zh: '该人员未在重要或敏感岗位，无轮岗期限可延。',
  },
  deferral_too_far: {
    effect: 'refuse',
    en: 'A deferral cannot keep the officer in the post beyond twice its rotation period from the start of the tenure: the officer is to be rotated.',
    zh: '延期后连续任职时间不得超过该岗位轮岗周期的两倍，应予轮岗调换。',
  },
  deferral_not_later: {
    effect: 'refuse',
    en: 'A deferral must move the rotation due date later than it is now.',
    zh: '延期后的轮岗日期必须晚于当前到期日。',
  },
  deferral_self_approved: {
    effect: 'refuse',
    en: 'An officer cannot approve the deferral of their own rotation.',
    zh: '本人不得批准自己的轮岗延期。',
  },
  own_rotation_deferral: {
    effect: 'forbid',
    en: 'You cannot record a deferral of your own rotation.',
    zh: '不得为本人登记轮岗延期。',
  },
  own_personnel_record: {
    effect: 'forbid',
    en: 'You cannot write your own personnel record (registration, qualification, post, appointment as unit head, warning education, completion of an off-post training, correction): another member of HR records it.',
    zh: '不得为本人登记人员信息、执法资格、岗位、单位负责人任职、警示教育、离岗培训结束或更正人事记录，须由其他人事人员办理。',
  },
  training_already_completed: { effect: 'refuse', en: 'This off-post training is already completed.', zh: '该离岗培训已结束。' },
  training_before_planned_end: {
    effect: 'refuse',
    en: 'An off-post training is not completed before the end its sanction set (as imposed, or as a review or appeal decision replaced it): HR records its end, only a review or appeal shortens it.',
    zh: '离岗培训不得早于处理决定所定的结束日期（经复核、申诉变更的，以变更后的为准）登记结束：人事部门只登记培训结束，缩短培训须经复核或申诉。',
  },
  not_off_post_training: {
    effect: 'refuse',
    en: 'The sanction named is not an off-post training in force for this officer.',
    zh: '所填处理决定不是该人员正在执行的离岗培训。',
  },

  // --- cases ------------------------------------------------------------------------------------
  actor_is_subject: {
    effect: 'forbid',
    en: 'This case concerns you (you are a subject, it sanctions you or holds you accountable as unit head, or this record names you): you may not act on it.',
    zh: '本案涉及您本人（被反映人、处理对象或被追责的单位负责人），须回避，不得办理本案。',
  },
  inspector_is_subject: {
    effect: 'refuse',
    en: 'The inspector assigned to verify a case cannot be one it concerns: a subject, an officer it sanctions, or a unit head it holds accountable.',
    zh: '核实人员不得为本案被反映人、处理对象或被追责的单位负责人。',
  },
  case_closed: {
    effect: 'refuse',
    en: 'The case is closed; only appeals on its sanctions may still be recorded.',
    zh: '本案已办结，仅可登记对处理决定的复核、申诉。',
  },
  not_a_subject: { effect: 'refuse', en: 'The officer named is not a subject of this case.', zh: '所填人员不是本案被反映人。' },
  verification_required: {
    effect: 'refuse',
    en: 'Assign the case for verification before recording a finding.',
    zh: '须先指派核实人员，方可登记核实结论。',
  },
  verification_due_too_far: {
    effect: 'refuse',
    en: 'A verification is due within one year of its assignment.',
    zh: '核实期限不得超过指派之日起一年。',
  },
  inspector_separated: {
    effect: 'refuse',
    en: 'The inspector named is a registered officer who has left service (dismissed or expelled).',
    zh: '所指派的核实人员已被辞退或开除公职。',
  },
  breach_after_separation: {
    effect: 'refuse',
    en: 'The breach is dated after the officer left service (dismissal or expulsion took effect): the register records breaches of officers in service.',
    zh: '违规日期晚于该人员被辞退或开除公职生效之日，不能登记为执法人员违规。',
  },
  verification_complete: {
    effect: 'refuse',
    en: 'Every subject already has a finding: the verification cannot be reassigned.',
    zh: '所有被反映人均已有核实结论，不能再指派核实。',
  },
  verification_late: {
    effect: 'flag',
    en: 'The finding was recorded after the verification was due (a reassignment after the due date does not undo that): late handling is itself a breach.',
    zh: '核实结论晚于核实期限登记（超期后重新指派不改变超期事实），属超时办理。',
  },
  finding_already_recorded: {
    effect: 'refuse',
    en: 'A finding is already recorded for this officer in this case: it stands, with the unit and the unit head it held to account.',
    zh: '该人员在本案中已有核实结论；该结论及其追究的单位和单位负责人不再变更。',
  },
  findings_incomplete: {
    effect: 'refuse',
    en: 'Every subject needs a finding, or a reminder talk or written inquiry for early signs, before the case can be closed.',
    zh: '所有被反映人均有核实结论，或已就苗头性、倾向性问题约谈、函询后，方可办结。',
  },
  judicial_referral_required: {
    effect: 'refuse',
    en: 'A subject found to have committed a suspected crime must be referred to the judicial authorities before the case is closed.',
    zh: '核实认定涉嫌犯罪的，须移送司法机关处理后方可办结。',
  },
  finding_required: {
    effect: 'refuse',
    en: 'A sanction needs a substantiated or partly substantiated finding.',
    zh: '须有“属实”或“部分属实”的核实结论，方可作出处理。',
  },
  finding_unfounded: {
    effect: 'refuse',
    en: 'The finding was unfounded: no sanction may follow.',
    zh: '核实结论为“不属实”，不得作出处理。',
  },
  sanction_exceeds_severity: {
    effect: 'refuse',
    en: 'This kind of sanction does not fit the severity found (minor: education, training, loss of qualification, reassignment; serious adds dismissal and expulsion; criminal adds judicial referral).',
    zh: '处理种类与情节不相符（情节较轻：批评教育、离岗培训、取消执法资格、调离执法岗位；情节严重的可辞退或开除公职；涉嫌犯罪的移送司法机关）。',
  },
  subject_sanctioned_as_responsible: {
    effect: 'refuse',
    en: 'A subject of the case is sanctioned for their own breach, on their own finding (capacity subject); "responsible" is for others held to account.',
    zh: '本案被反映人只能依其本人的核实结论作出处理；“有关人员”责任只适用于被反映人以外的人员。',
  },
  not_unit_head: {
    effect: 'refuse',
    en: 'Only the head, at the time of the breach, of a unit with a substantiated breach in this case can be held accountable as unit head.',
    zh: '只能追究违规发生时本案违规属实人员所在单位负责人的责任。',
  },
  sanction_settled_on_appeal: {
    effect: 'refuse',
    en: 'An earlier sanction of this officer in this case, in the same capacity, was reduced or annulled on review or appeal: a new sanction cannot undo that decision.',
    zh: '本案中该人员（同一责任身份）的处理决定已经复核或申诉变更、撤销，不得再次作出处理以规避该决定。',
  },
  sanction_already_imposed: {
    effect: 'refuse',
    en: 'The same kind of sanction is already in force for this officer in this case.',
    zh: '本案已对该人员作出同种处理。',
  },
  qualification_not_held: {
    effect: 'refuse',
    en: 'The officer holds no enforcement qualification to revoke.',
    zh: '该人员未持有执法资格，无法取消。',
  },
  reassignment_to_enforcement_post: {
    effect: 'refuse',
    en: 'A reassignment must move the officer to a non-enforcement post.',
    zh: '调离执法岗位须调往非执法岗位。',
  },

  // --- appeals ----------------------------------------------------------------------------------
  sanction_not_in_force: {
    effect: 'refuse',
    en: 'The sanction has been annulled; there is nothing left to appeal.',
    zh: '该处理决定已撤销，无需复核或申诉。',
  },
  review_deadline_passed: {
    effect: 'refuse',
    en: 'A review must be filed within 30 days of the date the sanction took effect (or of the day it was recorded, if later).',
    zh: '复核须在处理决定生效之日（登记晚于生效的，自登记之日）起30日内提出。',
  },
  appeal_deadline_passed: {
    effect: 'refuse',
    en: 'An appeal must be filed within 15 days of the review decision (or of the day it was recorded, if later).',
    zh: '申诉须在复核决定作出之日（登记晚于作出的，自登记之日）起15日内提出。',
  },
  review_not_decided: {
    effect: 'refuse',
    en: 'An appeal can only follow a decided review of the same sanction.',
    zh: '须先经复核并作出复核决定，方可申诉。',
  },
  review_already_filed: { effect: 'refuse', en: 'A review of this sanction was already filed.', zh: '该处理决定已提出过复核。' },
  appeal_already_filed: { effect: 'refuse', en: 'An appeal of this sanction was already filed.', zh: '该处理决定已提出过申诉。' },
  appeal_already_open: {
    effect: 'refuse',
    en: 'This sanction already has an undecided review or appeal.',
    zh: '该处理决定已有尚未办结的复核或申诉。',
  },
  appeal_already_decided: { effect: 'refuse', en: 'This review or appeal is already decided.', zh: '该复核或申诉已作出决定。' },
  appeal_decision_not_lighter: {
    effect: 'refuse',
    en: 'A reduced sanction must be of a lighter kind than the one in force: an appeal never makes it harsher.',
    zh: '变更后的处理须轻于原处理，复核申诉不得加重处理。',
  },

  // --- rectification ledger (整改台账) ------------------------------------------------------------
  unknown_case: { effect: 'refuse', en: 'The case named is not in the register.', zh: '所填案件不存在。' },
  responsible_officer_separated: {
    effect: 'refuse',
    en: 'The responsible officer named has left service (dismissed or expelled): name someone in service.',
    zh: '所填责任人已被辞退或开除公职，请另行确定在职的责任人。',
  },
  rectification_completed: {
    effect: 'refuse',
    en: 'The item is already rectified: progress, extensions and a completion are recorded on open items only (a check that rejects the rectification opens it again).',
    zh: '该问题已整改完成，不能再登记进展、延期或完成；验收不通过的，重新整改后再行登记。',
  },
  extension_not_later: {
    effect: 'refuse',
    en: 'An extension must move the deadline later than the one in force: a deadline is never brought forward.',
    zh: '延期后的整改时限必须晚于现有时限，不得提前或不变。',
  },
  extension_self_approved: {
    effect: 'refuse',
    en: 'The person responsible for the item cannot approve its extension.',
    zh: '整改责任人不得批准本人所负责问题的延期。',
  },
  rectification_not_completed: {
    effect: 'refuse',
    en: 'Only a rectification recorded as completed can be checked.',
    zh: '整改完成后方可验收。',
  },
  rectification_already_verified: {
    effect: 'refuse',
    en: 'This rectification has already been checked and accepted.',
    zh: '该问题整改已验收通过。',
  },
  own_rectification: {
    effect: 'forbid',
    en: 'You are the person responsible for this item: another inspector records its extension, its completion and its check.',
    zh: '您是该问题的整改责任人，须回避：延期、整改完成和验收由其他督查人员登记。',
  },
  rectification_late: {
    effect: 'flag',
    en: 'The rectification was done after its deadline, or after an earlier deadline that had passed before it was extended: a later deadline does not erase lateness already incurred.',
    zh: '整改完成晚于整改时限，或原时限届满后才批准延期：延期不抹去已经发生的逾期。',
  },

  // --- corrections ------------------------------------------------------------------------------
  correction_target_invalid: {
    effect: 'refuse',
    en: 'Only the original registration or report of this record can be corrected, named by its event id.',
    zh: '只能更正本记录的原始登记（以事件编号指明）。',
  },
  correction_changes_nothing: {
    effect: 'refuse',
    en: 'A correction must change the record: it already holds every value this one gives.',
    zh: '更正内容与现有记录一致，无需更正。',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof ruleCatalogue;
export const ruleCodes = Object.keys(ruleCatalogue) as RuleCode[];

export function ruleMessage(code: RuleCode, language: 'en' | 'zh' = 'en'): string {
  return ruleCatalogue[code][language];
}

/** A 409: `throw refuse('case_closed')`, optionally with a detail that names the specifics. */
export function refuse(code: RuleCode, detail?: string): RuleViolation {
  const base = ruleCatalogue[code].en;
  return new RuleViolation(code, detail ? `${base} ${detail}` : base);
}

/** A 403 whatever the actor's role: e.g. they are a subject of the case. */
export function forbid(code: RuleCode, detail?: string): ActorNotPermittedError {
  const base = ruleCatalogue[code].en;
  return new ActorNotPermittedError(code, detail ? `${base} ${detail}` : base);
}
