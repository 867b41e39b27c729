import { read } from '../api/client.js';
import { TableScroll } from '../components/table-scroll.js';
import { UnitFilter } from '../components/unit-filter.js';
import { type ListPage, listOf, type RotationItem } from '../api/reads.js';
import { RotationBadge } from '../components/badges.js';
import { LoadState } from '../components/load-state.js';
import { MoreButton } from '../components/more-button.js';
import { ProblemNotice } from '../components/problem.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { formatDate, todayInBureau } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { useCsvDownload } from '../use-csv-download.js';
import { useLoad } from '../use-load.js';
import { useMorePages } from '../use-more-pages.js';

/** 轮岗计划: who holds a sensitive post since when, when they are due, overdue and due soon marked. */
export function RotationPage({ query }: { query: URLSearchParams }) {
  const { m, lang } = useI18n();
  const directory = useDirectory();
  const unitId = query.get('unitId') ?? '';
  const status = query.get('status') ?? '';
  const dueBefore = query.get('dueBefore') ?? '';
  const educatedBefore = query.get('educatedBefore') ?? '';
  const filters = { unitId, status, dueBefore, educatedBefore };
  // The page of rows, and the whole schedule's counts of overdue and due-soon (not just this page's,
  // nor only the status listed: with 已逾期 chosen, those due soon are still counted, not said to be 0).
  const loaded = useLoad(async () => {
    const count = (wanted: string) => read<ListPage<RotationItem>>('/api/v1/rotation-schedule', { ...filters, status: wanted, limit: 1 })
      .then((p) => p.total ?? listOf(p).length);
    const [page, overdue, dueSoon] = await Promise.all([
      read<ListPage<RotationItem>>('/api/v1/rotation-schedule', filters), count('overdue'), count('due_soon'),
    ]);
    return { page, overdue, dueSoon };
  }, [unitId, status, dueBefore, educatedBefore]);
  const more = useMorePages(JSON.stringify(filters), loaded.data?.page.nextCursor ?? null, async (cursor) => {
    const page = await read<ListPage<RotationItem>>('/api/v1/rotation-schedule', { ...filters, cursor });
    return { items: listOf<RotationItem>(page), nextCursor: page.nextCursor ?? null };
  });
  const setFilter = (name: string, value: string) => navigate('/rotation', { ...filters, [name]: value || undefined });
  const csv = useCsvDownload();
  const downloadCsv = () => csv.download('/api/v1/rotation-schedule', { ...filters, lang }, `rotation-schedule-${unitId || 'all'}-${todayInBureau()}.csv`);

  const items = [...listOf<RotationItem>(loaded.data?.page), ...more.items];
  // The day the schedule's statuses were reckoned on (a training's planned end before it: its completion is awaited).
  const today = (loaded.data?.page as { today?: string } | undefined)?.today ?? todayInBureau();
  const overdue = loaded.data?.overdue ?? 0;
  const dueSoon = loaded.data?.dueSoon ?? 0;
  const unitName = (item: RotationItem) => item.unitName ?? directory.units.find((u) => u.id === item.unitId)?.name;
  const officerName = (item: RotationItem) => item.officerName ?? directory.officers.find((o) => o.id === item.officerId)?.name;
  const postTitle = (item: RotationItem) => item.postTitle ?? directory.posts.find((p) => p.id === item.postId)?.name;

  return (
    <div class="page rotation">
      <h2>{m.rotation.title}</h2>
      <p class="intro">{m.rotation.intro}</p>
      <DirectoryLists directory={directory} />
      <form class="filters" aria-label={m.cases.filters} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="r-unit" label={m.rotation.unit} directory={directory} unitId={unitId} onChange={(id) => setFilter('unitId', id)} />
        <div class="field">
          <label for="r-status">{m.rotation.status}</label>
          <select id="r-status" onChange={(e) => setFilter('status', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={status === ''}>{m.common.all}</option>
            {Object.entries(m.rotationStatus).map(([code, name]) => <option key={code} value={code} selected={status === code}>{name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="r-due">{m.rotation.dueBefore}</label>
          <input id="r-due" type="date" value={dueBefore} onChange={(e) => setFilter('dueBefore', (e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="r-educated">{m.rotation.educatedBefore}</label>
          <input id="r-educated" type="date" value={educatedBefore} onChange={(e) => setFilter('educatedBefore', (e.currentTarget as HTMLInputElement).value)} />
        </div>
        <a class="button-link" href={href('/rotation')}>{m.common.reset}</a>
        <button type="button" onClick={downloadCsv} data-testid="download-csv">{m.common.downloadCsv}</button>
      </form>
      <ProblemNotice problem={csv.problem} />
      <LoadState loaded={loaded} />
      {loaded.data && <p class="count" role="status" data-testid="rotation-summary">{m.rotation.summary(overdue, dueSoon)}</p>}
      {loaded.data && items.length === 0 && <p class="empty">{m.common.empty}</p>}
      {items.length > 0 && (
        <TableScroll label={m.rotation.title}>
          <table class="data rotation-table">
            <thead>
              <tr>
                <th scope="col">{m.rotation.status}</th>
                <th scope="col">{m.rotation.officer}</th>
                <th scope="col">{m.rotation.unit}</th>
                <th scope="col">{m.rotation.post}</th>
                <th scope="col">{m.rotation.since}</th>
                <th scope="col">{m.rotation.dueOn}</th>
                <th scope="col">{m.rotation.deferredUntil}</th>
                <th scope="col">{m.rotation.lastWarningEducation}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.officerId}-${item.postId}`} class={`rotation-row row-${item.status}`} data-officer={item.officerId} data-status={item.status}>
                  <td>
                    <RotationBadge status={item.status} />
                    {item.offPostTrainingSince && (
                      <div>
                        <span class="badge off-post-training" data-testid="off-post-training" title={m.rotation.offPostTrainingHelp(formatDate(item.offPostTrainingSince, lang))}>
                          {item.offPostTrainingUntil
                            ? <>{m.rotation.offPostTrainingUntil(formatDate(item.offPostTrainingUntil, lang))}{item.offPostTrainingUntil < today && m.rotation.offPostTrainingEndPassed}</>
                            : m.rotation.offPostTrainingOpen}
                        </span>
                      </div>
                    )}
                  </td>
                  <td><a href={href('/history', { officerId: item.officerId })}>{officerName(item) ?? item.officerId}</a> <small class="muted">{item.officerId}</small></td>
                  <td>{unitName(item) ?? item.unitId}</td>
                  <td>{postTitle(item) ?? item.postId}</td>
                  <td class="date">{formatDate(item.since, lang)}</td>
                  <td class="date">{formatDate(item.dueOn, lang)}</td>
                  <td class="date">{item.deferredUntil ? formatDate(item.deferredUntil, lang) : '—'}</td>
                  <td class="date" data-testid="last-warning-education">
                    {item.lastWarningEducationOn ? formatDate(item.lastWarningEducationOn, lang) : <span class="muted">{m.rotation.noWarningEducation}</span>}
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
