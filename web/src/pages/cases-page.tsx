import { read } from '../api/client.js';
import { TableScroll } from '../components/table-scroll.js';
import { UnitFilter } from '../components/unit-filter.js';
import { MoreButton } from '../components/more-button.js';
import { ProblemNotice } from '../components/problem.js';
import { todayInBureau } from '../format.js';
import { type CaseSummary, type ListPage, listOf, subjectNames } from '../api/reads.js';
import { CaseDeadlineBadges, CaseStatusBadge } from '../components/badges.js';
import { LoadState } from '../components/load-state.js';
import { formatDate } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { joinList } from '../i18n/punctuation.js';
import { href, navigate } from '../router.js';
import { useCsvDownload } from '../use-csv-download.js';
import { useDirectory } from '../directory.js';
import { useLoad } from '../use-load.js';
import { useMorePages } from '../use-more-pages.js';

/** 案件登记簿: every case, filtered by status, category, unit (of a subject, at the breach) and overdue verification. */
export function CasesPage({ query }: { query: URLSearchParams }) {
  const { m, lang } = useI18n();
  const status = query.get('status') ?? '';
  const category = query.get('category') ?? '';
  const unitId = query.get('unitId') ?? '';
  const overdue = query.get('overdue') === 'true';
  const directory = useDirectory();
  const filters = { status, category, unitId: unitId || undefined, overdue: overdue ? 'true' : undefined };
  const loaded = useLoad(() => read<ListPage<CaseSummary>>('/api/v1/cases', filters), [status, category, unitId, overdue]);
  const more = useMorePages(JSON.stringify(filters), loaded.data?.nextCursor ?? null, async (cursor) => {
    const page = await read<ListPage<CaseSummary>>('/api/v1/cases', { ...filters, cursor });
    return { items: listOf<CaseSummary>(page), nextCursor: page.nextCursor ?? null };
  });
  const setFilter = (name: string, value: string | undefined) =>
    navigate('/cases', { ...filters, [name]: value || undefined });

  const csv = useCsvDownload();
  const downloadCsv = () => csv.download('/api/v1/cases', { ...filters, lang }, `cases-${unitId ? `${unitId}-` : ''}${todayInBureau()}.csv`);
  const cases = [...listOf<CaseSummary>(loaded.data), ...more.items];
  const total = loaded.data?.total ?? cases.length;
  return (
    <div class="page">
      <h2>{m.cases.title}</h2>
      <form class="filters" aria-label={m.cases.filters} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="f-status">{m.cases.status}</label>
          <select id="f-status" onChange={(e) => setFilter('status', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={status === ''}>{m.common.all}</option>
            {Object.entries(m.caseStatus).map(([code, name]) => <option key={code} value={code} selected={status === code}>{name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-category">{m.cases.category}</label>
          <select id="f-category" onChange={(e) => setFilter('category', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={category === ''}>{m.common.all}</option>
            {Object.entries(m.category).map(([code, name]) => <option key={code} value={code} selected={category === code}>{name}</option>)}
          </select>
        </div>
        <UnitFilter id="f-unit" label={m.cases.unit} directory={directory} unitId={unitId} onChange={(id) => setFilter('unitId', id)} />
        <div class="field field-inline">
          <input id="f-overdue" type="checkbox" checked={overdue} onChange={(e) => setFilter('overdue', (e.currentTarget as HTMLInputElement).checked ? 'true' : undefined)} />
          <label for="f-overdue">{m.cases.overdueOnly}</label>
        </div>
        <a class="button-link" href={href('/cases')}>{m.common.reset}</a>
        <button type="button" onClick={downloadCsv}>{m.common.downloadCsv}</button>
      </form>
      <ProblemNotice problem={csv.problem} />
      <LoadState loaded={loaded} />
      {loaded.data && <p class="count" role="status">{m.cases.count(total)}</p>}
      {loaded.data && cases.length === 0 && <p class="empty">{m.common.empty}</p>}
      {cases.length > 0 && (
        <TableScroll label={m.cases.title}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{m.cases.reportedOn}</th>
                <th scope="col">{m.cases.category}</th>
                <th scope="col">{m.cases.channel}</th>
                <th scope="col">{m.cases.subjects}</th>
                <th scope="col">{m.cases.summary}</th>
                <th scope="col">{m.cases.status}</th>
                <th scope="col">{m.cases.dueOn}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.caseId} class={c.overdue ? 'row-late' : undefined}>
                  <td class="date">{formatDate(c.reportedOn ?? c.occurredOn, lang)}</td>
                  <td>{label(m.category, c.category)}</td>
                  <td>{label(m.channel, c.channel)}</td>
                  <td>{joinList(subjectNames(c, lang), lang)}</td>
                  <td><a href={href(`/cases/${encodeURIComponent(c.caseId)}`)}>{c.summary || c.caseId}</a></td>
                  <td><CaseStatusBadge status={c.status} /></td>
                  <td>
                    <span class="date">{formatDate(c.dueOn, lang)}</span>
                    <CaseDeadlineBadges overdue={c.overdue} late={c.late} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <MoreButton more={more} />
    </div>
  );
}
