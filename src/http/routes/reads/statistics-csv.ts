import {
  findingOutcomes, interventionKinds, reportChannels, sanctionCapacities, sanctionKinds, violationCategories,
} from '../../../domain/shared/codes.js';
import { ruleReferences } from '../../../domain/shared/rule-references.js';
import type { StatisticsView } from '../../../read-models/queries/statistics-query.js';
import type { CsvColumn } from './csv.js';
import { label, zhLabels } from './labels.js';

// The statistics as one table for a briefing's spreadsheet: a row per count, each section's total
// first. Every code of a closed list has its row, zero included (a briefing says "none" as well as
// "three"), the province's rules (八不准、六严禁、四必究) among them, named by their text; units only
// where something was counted (of one unit's figures, that unit).

export interface StatisticsRow {
  section: keyof typeof SECTIONS;
  group: keyof typeof GROUPS;
  code: string;
  name: string;
  count: number;
}

const SECTIONS = {
  cases: { zh: '案件', en: 'cases' },
  sanctions: { zh: '处理', en: 'sanctions' },
  findings: { zh: '核实认定', en: 'findings' },
  interventions: { zh: '约谈函询', en: 'interventions' },
};

const GROUPS = {
  total: { zh: '合计', en: 'total' },
  category: { zh: '问题类别', en: 'category' },
  channel: { zh: '反映渠道', en: 'channel' },
  unit: { zh: '单位', en: 'unit' },
  rule: { zh: '涉及规定', en: 'rule' },
  kind: { zh: '处理方式', en: 'kind' },
  capacity: { zh: '追责对象', en: 'capacity' },
  outcome: { zh: '认定结果', en: 'outcome' },
  interventionKind: { zh: '方式', en: 'kind' },
};

export const statisticsColumns: readonly CsvColumn<StatisticsRow>[] = [
  { header: { zh: '统计项', en: 'section' }, value: (r, lang) => SECTIONS[r.section][lang] },
  { header: { zh: '分组', en: 'group' }, value: (r, lang) => GROUPS[r.group][lang] },
  { header: { zh: '代码', en: 'code' }, value: (r) => r.code },
  { header: { zh: '名称', en: 'name' }, value: (r) => r.name },
  { header: { zh: '数量', en: 'count' }, value: (r) => r.count },
];

/** A rule's text (its code, for one a catalogue no longer has). */
function ruleName(code: string, lang: 'zh' | 'en'): string {
  const rule = ruleReferences.find((r) => r.code === code);
  return rule ? (lang === 'zh' ? rule.text : rule.en) : code;
}

export function statisticsRows(view: StatisticsView, lang: 'zh' | 'en'): StatisticsRow[] {
  const rows: StatisticsRow[] = [];
  const total = (section: StatisticsRow['section'], count: number) => rows.push({ section, group: 'total', code: '', name: '', count });
  const every = (section: StatisticsRow['section'], group: StatisticsRow['group'], labels: keyof typeof zhLabels, codes: readonly string[], counts: Record<string, number>) => {
    for (const code of codes) rows.push({ section, group, code, name: label(labels, code, lang) ?? code, count: counts[code] ?? 0 });
  };
  const units = (section: StatisticsRow['section'], counts: Record<string, number>) => {
    // The answer lists every unit registered; the table, those where something was counted.
    for (const code of Object.keys(counts).sort()) if (counts[code]! > 0) rows.push({ section, group: 'unit', code, name: view.unitNames[code] ?? '', count: counts[code]! });
  };
  total('cases', view.cases.total);
  every('cases', 'category', 'category', violationCategories, view.cases.byCategory);
  every('cases', 'channel', 'channel', reportChannels, view.cases.byChannel);
  for (const code of Object.keys(view.cases.byRule)) rows.push({ section: 'cases', group: 'rule', code, name: ruleName(code, lang), count: view.cases.byRule[code]! });
  units('cases', view.cases.byUnit);
  total('findings', view.findings.total);
  every('findings', 'outcome', 'outcome', findingOutcomes, view.findings.byOutcome);
  total('interventions', view.interventions.total);
  every('interventions', 'interventionKind', 'interventionKind', interventionKinds, view.interventions.byKind);
  total('sanctions', view.sanctions.total);
  every('sanctions', 'kind', 'sanctionKind', sanctionKinds, view.sanctions.byKind);
  every('sanctions', 'capacity', 'capacity', sanctionCapacities, view.sanctions.byCapacity);
  units('sanctions', view.sanctions.byUnit);
  return rows;
}
