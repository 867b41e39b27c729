// Chinese names of the register's codes, for CSV downloads (the web pages carry their own).

export const zhLabels: Record<string, Record<string, string>> = {
  rotationStatus: { overdue: '已逾期', due_soon: '即将到期', ok: '正常' },
  caseStatus: {
    reported: '已受理', under_verification: '核实中', found: '已认定', sanctioned: '已处理', under_appeal: '申诉复核中', closed: '已结案',
  },
  category: { purpose: '宗旨不牢', conduct: '作风不优', competence: '本领不强', responsibility: '担当不力', integrity: '执法不廉' },
  channel: {
    hotline_12328: '12328热线', phone: '举报电话', email: '电子邮箱', message_board: '监管平台留言板', letter: '来信', visit: '走访',
    forum: '座谈会', questionnaire: '调查问卷', self_inspection: '自查自纠', inspection: '明查暗访', petition: '信访', online: '网络', other: '其他',
  },
  outcome: { substantiated: '属实', partly_substantiated: '部分属实', unfounded: '不属实' },
  sanctionKind: {
    criticism_education: '批评教育', off_post_training: '离岗培训', qualification_revoked: '取消执法资格', reassignment: '调离执法岗位',
    dismissal: '辞退', expulsion: '开除公职', judicial_referral: '移送司法机关',
  },
  capacity: { subject: '当事人', unit_head: '单位负责人', responsible: '有关责任人' },
  interventionKind: { reminder_talk: '约谈', written_inquiry: '函询' },
  rectificationStatus: { open: '整改中', overdue: '已逾期', done: '已完成' },
  rectificationSource: {
    self_inspection: '自查自纠', inspection: '督查检查', case: '案件查处', public_opinion: '群众意见', hazard_review: '隐患排查', other: '其他',
  },
  verificationOutcome: { accepted: '验收通过', rejected: '验收不通过' },
};

/** The label of a code in the language asked for (English: the code itself). */
export function label(kind: keyof typeof zhLabels, code: string | null, lang: 'zh' | 'en'): string | null {
  if (code === null) return null;
  return lang === 'zh' ? zhLabels[kind]?.[code] ?? code : code;
}

export function yesNo(value: boolean, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? (value ? '是' : '否') : value ? 'true' : 'false';
}
