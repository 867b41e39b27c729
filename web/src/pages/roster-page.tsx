import { read } from '../api/client.js';
import { type ListPage, listOf, type RosterOfficer } from '../api/reads.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { LoadState } from '../components/load-state.js';
import { MoreButton } from '../components/more-button.js';
import { ProblemNotice } from '../components/problem.js';
import { TableScroll } from '../components/table-scroll.js';
import { UnitFilter } from '../components/unit-filter.js';
import { useDirectory } from '../directory.js';
import { formatDate, todayInBureau } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { marks } from '../i18n/punctuation.js';
import { href, navigate } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useCsvDownload } from '../use-csv-download.js';
import { useLoad } from '../use-load.js';
import { useMorePages } from '../use-more-pages.js';

/**
 * 花名册: every officer as they stand now (GET /api/v1/officers), filtered by unit, service,
 * qualification or part of a name, kept in the address; a spreadsheet of the same rows a click away.
 */
export function RosterPage({ query, session }: { query: URLSearchParams; session: Session }) {
  const { m, lang } = useI18n();
  // A sanction links to its case for the roles that read cases.
  const readsCases = hasRole(session, 'inspector', 'auditor');
  const directory = useDirectory();
  const unitId = query.get('unitId') ?? '';
  const inService = query.get('inService') ?? '';
  const qualified = query.get('qualified') ?? '';
  const search = query.get('search') ?? '';
  const filters = { unitId, inService, qualified, search };
  const loaded = useLoad(() => read<ListPage<RosterOfficer>>('/api/v1/officers', filters), [unitId, inService, qualified, search]);
  const more = useMorePages(JSON.stringify(filters), loaded.data?.nextCursor ?? null, async (cursor) => {
    const page = await read<ListPage<RosterOfficer>>('/api/v1/officers', { ...filters, cursor });
    return { items: listOf<RosterOfficer>(page), nextCursor: page.nextCursor ?? null };
  });
  const setFilter = (name: string, value: string) => navigate('/officers', { ...filters, [name]: value || undefined });
  const csv = useCsvDownload();
  const downloadCsv = () => csv.download('/api/v1/officers', { ...filters, lang }, `officers-${unitId || 'all'}-${todayInBureau()}.csv`);
  const items = [...listOf<RosterOfficer>(loaded.data), ...more.items];
  // A rotation due before today is overdue, as the rotation schedule marks it.
  const today = todayInBureau();
  const yesNo = (name: string, value: string, yes: string, no: string) => (
    <select id={`o-${name}`} onChange={(e) => setFilter(name, (e.currentTarget as HTMLSelectElement).value)}>
      <option value="" selected={value === ''}>{m.common.all}</option>
      <option value="true" selected={value === 'true'}>{yes}</option>
      <option value="false" selected={value === 'false'}>{no}</option>
    </select>
  );

  return (
    <div class="page roster">
      <h2>{m.roster.title}</h2>
      <p class="intro">{m.roster.intro}</p>
      <DirectoryLists directory={directory} />
      <form class="filters" aria-label={m.cases.filters} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="o-unit" label={m.roster.unit} directory={directory} unitId={unitId} onChange={(id) => setFilter('unitId', id)} />
        <div class="field">
          <label for="o-inService">{m.roster.inService}</label>
          {yesNo('inService', inService, m.roster.inServiceYes, m.roster.inServiceNo)}
        </div>
        <div class="field">
          <label for="o-qualified">{m.roster.qualified}</label>
          {yesNo('qualified', qualified, m.roster.qualifiedYes, m.roster.qualifiedNo)}
        </div>
        <div class="field">
          <label for="o-search">{m.roster.search}</label>
          <input id="o-search" type="search" value={search} onChange={(e) => setFilter('search', (e.currentTarget as HTMLInputElement).value.trim())} />
        </div>
        <a class="button-link" href={href('/officers')}>{m.common.reset}</a>
        <button type="button" onClick={downloadCsv} data-testid="download-csv">{m.common.downloadCsv}</button>
      </form>
      <ProblemNotice problem={csv.problem} />
      <LoadState loaded={loaded} />
      {loaded.data && <p class="count" role="status" data-testid="roster-count">{m.roster.count(items.length, loaded.data.total ?? items.length)}</p>}
      {loaded.data && items.length === 0 && <p class="empty">{m.common.empty}</p>}
      {items.length > 0 && (
        <TableScroll label={m.roster.title}>
          <table class="data roster-table">
            <thead>
              <tr>
                <th scope="col">{m.roster.officer}</th>
                <th scope="col">{m.roster.unit}</th>
                <th scope="col">{m.roster.post}</th>
                <th scope="col">{m.roster.qualification}</th>
                <th scope="col">{m.roster.service}</th>
                <th scope="col">{m.roster.sanctions}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.officerId} data-officer={o.officerId} class={o.inService ? undefined : 'left-service'}>
                  <td><a href={href('/history', { officerId: o.officerId })}>{o.name}</a> <small class="muted">{o.officerId}</small></td>
                  <td>{o.unitName ?? o.unitId}</td>
                  <td data-testid="roster-post">
                    {o.postId ? <>{o.postTitle ?? o.postId}{o.sensitivePost && <> <span class="badge">{m.roster.sensitive}</span></>}</> : '—'}
                    {o.postSince && <small class="muted"> {formatDate(o.postSince, lang)}</small>}
                    {o.rotationDueOn && <div><small class={o.rotationDueOn < today ? 'overdue' : undefined}>{m.roster.rotationDue(formatDate(o.rotationDueOn, lang))}</small></div>}
                  </td>
                  <td data-testid="roster-qualification">
                    {o.qualified
                      ? <>{o.certificateNo}{o.qualifiedSince && <small class="muted"> {formatDate(o.qualifiedSince, lang)}</small>}</>
                      : o.qualificationRevokedOn ? m.roster.revokedOn(formatDate(o.qualificationRevokedOn, lang)) : '—'}
                  </td>
                  <td data-testid="roster-service">
                    {o.separation ? m.roster.leftOn(label(m.sanction, o.separation.kind), formatDate(o.separation.effectiveOn, lang)) : m.roster.inServiceYes}
                    {o.offPostTrainingSince && <div><span class="badge">{o.offPostTrainingUntil ? m.roster.training(formatDate(o.offPostTrainingUntil, lang)) : m.roster.inTraining}</span></div>}
                  </td>
                  <td data-testid="roster-sanctions">
                    {o.sanctions.length === 0 ? '—' : o.sanctions.map((s, i) => (
                      <span key={s.sanctionId}>
                        {i > 0 && marks(lang).list}
                        {readsCases ? <a href={href(`/cases/${encodeURIComponent(s.caseId)}`)}>{label(m.sanction, s.kind)}</a> : label(m.sanction, s.kind)} <small class="muted">{formatDate(s.effectiveOn, lang)}</small>
                      </span>
                    ))}
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
