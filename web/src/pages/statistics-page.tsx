import { read } from '../api/client.js';
import type { Statistics } from '../api/reads.js';
import { type Bar, BarChart } from '../components/bar-chart.js';
import { LoadState } from '../components/load-state.js';
import { ProblemNotice } from '../components/problem.js';
import { useRuleReferences } from '../components/rule-refs-field.js';
import { UnitFilter } from '../components/unit-filter.js';
import { useDirectory } from '../directory.js';
import { formatDate, todayInBureau } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { inParens, labelled, marks, nameWithId } from '../i18n/punctuation.js';
import { navigate } from '../router.js';
import { useAddressFields } from '../use-address-fields.js';
import { useCsvDownload } from '../use-csv-download.js';
import { useLoad } from '../use-load.js';

// 统计简报: counts by category, channel, rule cited (八不准、六严禁、四必究), unit and sanction kind
// over a date range, as charts with the numbers beside them, laid out to print on A4 for the
// briefings of the 8th, 18th and 28th. The unit filter gives one unit's figures (for its own
// briefing or review meeting); like the period it is in the address, so a link keeps it, and it
// is asked for with the period (统计), so what is shown is always what the address says.

/** The first day of the bureau's current month. */
function monthStart(today: string): string {
  return `${today.slice(0, 8)}01`;
}

/** Accepts `{ code: n }`, `[{ key|code|category|…, count }]`: whichever the read answers with. */
export function countsOf(value: unknown): Record<string, number> {
  if (Array.isArray(value)) {
    const out: Record<string, number> = {};
    for (const row of value as Record<string, unknown>[]) {
      const key = row.key ?? row.code ?? row.category ?? row.channel ?? row.unitId ?? row.kind ?? row.name;
      const n = Number(row.count ?? row.value ?? 0);
      if (key !== undefined) out[String(key)] = n;
    }
    return out;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
  }
  return {};
}

function bars(counts: Record<string, number>, names: Record<string, string> | ((code: string) => string), allCodes: string[] = []): Bar[] {
  const codes = [...new Set([...allCodes, ...Object.keys(counts)])];
  const name = typeof names === 'function' ? names : (code: string) => label(names, code);
  return codes.map((code) => ({ key: code, label: name(code), value: counts[code] ?? 0 }));
}

export function StatisticsPage({ query }: { query: URLSearchParams }) {
  const { m, lang } = useI18n();
  const directory = useDirectory();
  const today = todayInBureau();
  const from = query.get('from') ?? monthStart(today);
  const to = query.get('to') ?? today;
  const basis = query.get('basis') === 'occurred' ? 'occurred' : 'reported';
  const unitId = query.get('unitId') ?? '';
  // The period (and unit) shown, also after back or forward; what is typed until it is asked for.
  const [fields, setFields] = useAddressFields({ from, to, basis, unitId });
  const { from: typedFrom, to: typedTo, basis: typedBasis, unitId: typedUnit } = fields;
  const setTypedFrom = (value: string) => setFields({ from: value });
  const setTypedTo = (value: string) => setFields({ to: value });
  const setTypedBasis = (value: string) => setFields({ basis: value });
  const setTypedUnit = (value: string) => setFields({ unitId: value });
  const filters = { from, to, basis, unitId: unitId || undefined };
  const loaded = useLoad(() => read<Statistics>('/api/v1/statistics', filters), [from, to, basis, unitId]);
  // The period shown, as one table for the briefing's spreadsheet.
  const csv = useCsvDownload();
  const downloadCsv = () => csv.download('/api/v1/statistics', { ...filters, lang },
    `statistics-${from}-${to}${basis === 'occurred' ? '-occurred' : ''}${unitId ? `-${unitId}` : ''}.csv`);
  const stats = loaded.data;
  const knownName = (id: string) => stats?.unitNames?.[id] ?? directory.units.find((u) => u.id === id)?.name ?? null;
  const unitName = (id: string) => knownName(id) ?? id;
  // Rules by their text in the page's language, in the province's order (until they load, by code).
  const references = useRuleReferences();
  const ruleCodes = references.map((r) => r.code);
  const ruleName = (code: string) => {
    const rule = references.find((r) => r.code === code);
    return rule ? `${code} ${lang === 'en' ? rule.en : rule.text}` : code;
  };

  // Each section's total is the register's count of cases (sanctions, findings, talks): a case whose
  // subjects are of two units counts once in each unit, so adding up the units would count it twice.
  const sections: { id: string; title: string; bars: Bar[]; total: number | undefined; note?: string }[] = stats
    ? [
        { id: 'category', title: m.statistics.byCategory, bars: bars(countsOf(stats.byCategory), m.category, Object.keys(m.category)), total: stats.cases?.total },
        { id: 'channel', title: m.statistics.byChannel, bars: bars(countsOf(stats.byChannel), m.channel).filter((b) => b.value > 0), total: stats.cases?.total },
        { id: 'rule', title: m.statistics.byRule, bars: bars(countsOf(stats.byRule), ruleName, ruleCodes), total: stats.cases?.total, note: m.statistics.ruleNote },
        // One unit's figures need no chart of units. The answer lists every unit registered, zero included: the chart, those with cases.
        ...(unitId ? [] : [{ id: 'unit', title: m.statistics.byUnit, bars: bars(countsOf(stats.byUnit), unitName).filter((b) => b.value > 0), total: stats.cases?.total, note: m.statistics.unitNote }]),
        { id: 'sanction', title: m.statistics.bySanction, bars: bars(countsOf(stats.bySanctionKind ?? stats.bySanction), m.sanction, Object.keys(m.sanction)), total: stats.sanctions?.total },
        { id: 'finding', title: m.statistics.byOutcome, bars: bars(countsOf(stats.findings?.byOutcome), m.outcome, Object.keys(m.outcome)), total: stats.findings?.total },
        { id: 'intervention', title: m.statistics.byIntervention, bars: bars(countsOf(stats.interventions?.byKind), m.intervention, Object.keys(m.intervention)), total: stats.interventions?.total },
      ]
    : [];

  return (
    <div class="page statistics">
      <h2>{m.statistics.title}</h2>
      <p class="intro no-print">{m.statistics.intro}</p>
      <form class="filters no-print" onSubmit={(e) => { e.preventDefault(); navigate('/statistics', { from: typedFrom, to: typedTo, basis: typedBasis, unitId: typedUnit || undefined }); }}>
        <div class="field">
          <label for="s-from">{m.statistics.from}</label>
          <input id="s-from" type="date" required value={typedFrom} onInput={(e) => setTypedFrom((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="s-to">{m.statistics.to}</label>
          <input id="s-to" type="date" required value={typedTo} onInput={(e) => setTypedTo((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="s-basis">{m.statistics.basis}</label>
          <select id="s-basis" value={typedBasis} onChange={(e) => setTypedBasis((e.currentTarget as HTMLSelectElement).value === 'occurred' ? 'occurred' : 'reported')}>
            <option value="reported">{m.statistics.basisReported}</option>
            <option value="occurred">{m.statistics.basisOccurred}</option>
          </select>
        </div>
        <UnitFilter id="s-unit" label={m.cases.unit} directory={directory} unitId={typedUnit} onChange={setTypedUnit} />
        <button type="submit">{m.statistics.show}</button>
        <button type="button" onClick={() => print()}>{m.common.print}</button>
        <button type="button" onClick={downloadCsv} data-testid="download-csv">{m.common.downloadCsv}</button>
      </form>
      <ProblemNotice problem={csv.problem} />
      <p class="period" data-testid="statistics-period">
        {m.statistics.period(formatDate(from, lang), formatDate(to, lang))}{inParens(basis === 'occurred' ? m.statistics.basisOccurred : m.statistics.basisReported, lang)}
        {unitId && <span data-testid="statistics-unit">{marks(lang).clause}{labelled(m.statistics.unitOnly, nameWithId(knownName(unitId), unitId, lang), lang)}</span>}
      </p>
      <LoadState loaded={loaded} />
      <div class="charts">
        {sections.map((section) => {
          const total = section.total ?? section.bars.reduce((sum, bar) => sum + bar.value, 0);
          return (
            <section key={section.id} class="chart-card" aria-labelledby={`chart-${section.id}`} data-testid={`chart-${section.id}`}>
              <h3 id={`chart-${section.id}`}>{section.title}</h3>
              {section.bars.length === 0 ? <p class="empty">{m.common.empty}</p> : <BarChart title={section.title} bars={section.bars} />}
              <table class="data compact">
                <thead><tr><th scope="col">{section.title}</th><th scope="col" class="num">{m.common.count}</th></tr></thead>
                <tbody>
                  {section.bars.map((bar) => <tr key={bar.key}><td>{bar.label}</td><td class="num">{bar.value}</td></tr>)}
                </tbody>
                <tfoot><tr><th scope="row">{m.common.total}</th><td class="num">{total}</td></tr></tfoot>
              </table>
              {section.note && <p class="help" data-testid={`note-${section.id}`}>{section.note}</p>}
            </section>
          );
        })}
      </div>
      <p class="print-only">{labelled(m.statistics.printedOn, formatDate(today, lang), lang)}</p>
    </div>
  );
}
