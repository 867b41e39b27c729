import { read } from '../api/client.js';
import { TableScroll } from '../components/table-scroll.js';
import { shortCaseId } from '../case-ref.js';
import { LoadState } from '../components/load-state.js';
import { MoreButton } from '../components/more-button.js';
import { useEventNames } from '../event-names.js';
import { UnitFilter } from '../components/unit-filter.js';
import { useDirectory } from '../directory.js';
import { formatDate } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { inParens, joinList, marks, nameWithId } from '../i18n/punctuation.js';
import { href, navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import { useMorePages } from '../use-more-pages.js';

// 追责提示: who must be held accountable under the province's four must-pursue rules (四必究:
// the officer, the unit head, the agency head when a unit has three or more person-breaches within
// a year, the transport authority for a serious breach), and the verifications that are overdue today (late handling is itself a breach). The
// headings count every match; alerts come a page at a time. The unit filter (kept in the address,
// so a link to one unit's alerts stays one) narrows both lists to the unit of the breach; the
// outstanding filter (also in the address) keeps the alerts nothing was done about yet (追责未落实).

interface Alert {
  alertId: string;
  ruleRef: string;
  level: string;
  unitId: string;
  accountableOfficerId: string | null;
  accountableName: string | null;
  officerIds: string[];
  caseIds: string[];
  raisedOn: string;
  /** bj-1, bj-2: the sanctions in force and interventions recorded for it; empty: outstanding. Null for bj-3, bj-4. */
  measures: string[] | null;
}

interface OverdueVerification {
  caseId: string;
  inspectorId: string | null;
  dueOn: string;
  daysOverdue: number;
  category: string;
  subjects: { officerId: string; name: string | null }[];
}

interface AlertsView {
  alertsTotal: number;
  alerts: Alert[];
  nextCursor: string | null;
  overdueTotal: number;
  overdueVerifications: OverdueVerification[];
}

export function AlertsPage({ query }: { query: URLSearchParams }) {
  const { m, lang } = useI18n();
  const names = useEventNames();
  const directory = useDirectory();
  const unitId = query.get('unitId') ?? '';
  const outstanding = query.get('outstanding') === 'true';
  const filters = { unitId: unitId || undefined, outstanding: outstanding ? 'true' : undefined };
  const loaded = useLoad(() => read<AlertsView>('/api/v1/accountability-alerts', filters), [unitId, outstanding]);
  const data = loaded.data;
  // Further pages of alerts, after the first; another unit starts again from its first page.
  const more = useMorePages(JSON.stringify(filters), data?.nextCursor ?? null, async (cursor) => {
    const page = await read<AlertsView>('/api/v1/accountability-alerts', { ...filters, cursor });
    return { items: page.alerts, nextCursor: page.nextCursor };
  });
  const setFilter = (changed: Partial<typeof filters>) => navigate('/alerts', { ...filters, ...changed });
  const measures = (a: Alert) => {
    if (a.measures === null) return '—';
    if (a.measures.length === 0) return <span class="badge rotation-overdue">{m.alerts.outstanding}</span>;
    const names: Record<string, string> = { ...m.sanction, ...m.intervention };
    return joinList(a.measures.map((code) => label(names, code)), lang);
  };
  const unitName = (id: string) => directory.units.find((u) => u.id === id)?.name ?? id;
  const alerts = [...(data?.alerts ?? []), ...more.items];
  // A unit head may be missing from the register; the agency head (bj-3) and the transport
  // authority (bj-4) are not people it records, and the level column already names them.
  const accountable = (a: Alert) => {
    if (a.accountableOfficerId) return nameWithId(a.accountableName, a.accountableOfficerId, lang);
    return a.level === 'unit_head' ? m.alerts.noneOnRecord : '—';
  };
  const counted = (shown: number, total: number) => (shown < total ? m.alerts.shownOf(shown, total) : String(total));
  return (
    <div class="page alerts">
      <h2>{m.alerts.title}</h2>
      <p class="intro">{m.alerts.intro}</p>
      <form class="filters" aria-label={m.cases.filters} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="a-unit" label={m.cases.unit} directory={directory} unitId={unitId} onChange={(id) => setFilter({ unitId: id || undefined })} />
        <div class="field field-inline">
          <input id="a-outstanding" type="checkbox" checked={outstanding} onChange={(e) => setFilter({ outstanding: (e.currentTarget as HTMLInputElement).checked ? 'true' : undefined })} />
          <label for="a-outstanding">{m.alerts.outstandingOnly}</label>
        </div>
      </form>
      <LoadState loaded={loaded} />
      {data && (
        <>
          <section aria-labelledby="overdue-h">
            <h3 id="overdue-h">{m.alerts.overdueTitle}{inParens(counted(data.overdueVerifications.length, data.overdueTotal), lang)}</h3>
            {data.overdueVerifications.length === 0 ? <p class="empty">{m.common.empty}</p> : (
              <TableScroll label={m.alerts.overdueTitle}>
                <table class="data" data-testid="overdue-verifications">
                  <thead><tr>
                    <th scope="col">{m.cases.caseId}</th><th scope="col">{m.cases.category}</th><th scope="col">{m.cases.subjects}</th>
                    <th scope="col">{m.cases.inspector}</th><th scope="col">{m.cases.dueOn}</th><th scope="col" class="num">{m.alerts.daysOverdue}</th>
                  </tr></thead>
                  <tbody>
                    {data.overdueVerifications.map((v) => (
                      <tr key={v.caseId} class="row-overdue">
                        <td><a href={href(`/cases/${encodeURIComponent(v.caseId)}`)} title={v.caseId}>{shortCaseId(v.caseId)}</a></td>
                        <td>{label(m.category, v.category)}</td>
                        <td>{joinList(v.subjects.map((s) => nameWithId(s.name, s.officerId, lang)), lang)}</td>
                        <td>{v.inspectorId ?? '—'}</td>
                        <td class="date">{formatDate(v.dueOn, lang)}</td>
                        <td class="num">{v.daysOverdue}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
          <section aria-labelledby="alerts-h">
            <h3 id="alerts-h">{m.alerts.alertsTitle}{inParens(counted(alerts.length, data.alertsTotal), lang)}</h3>
            {alerts.length === 0 ? <p class="empty">{m.common.empty}</p> : (
              <TableScroll label={m.alerts.alertsTitle}>
                <table class="data" data-testid="alerts-table">
                  <thead><tr>
                    <th scope="col">{m.alerts.raisedOn}</th><th scope="col">{m.alerts.rule}</th><th scope="col">{m.alerts.level}</th>
                    <th scope="col">{m.alerts.accountable}</th><th scope="col">{m.rotation.unit}</th><th scope="col">{m.alerts.cases}</th>
                    <th scope="col">{m.alerts.measures}</th>
                  </tr></thead>
                  <tbody>
                    {alerts.map((a) => (
                      <tr key={a.alertId}>
                        <td class="date">{formatDate(a.raisedOn, lang)}</td>
                        <td>{names.rule?.(a.ruleRef) ?? a.ruleRef} <code>{a.ruleRef}</code></td>
                        <td>{label(m.alerts.levels, a.level)}</td>
                        <td>{accountable(a)}</td>
                        <td title={a.unitId}>{unitName(a.unitId)}</td>
                        <td>{a.caseIds.map((id, i) => <span key={id}>{i > 0 && marks(lang).list}<a href={href(`/cases/${encodeURIComponent(id)}`)} title={id}>{shortCaseId(id)}</a></span>)}</td>
                        <td>{measures(a)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
            <MoreButton more={more} />
          </section>
        </>
      )}
    </div>
  );
}
