import { read } from '../api/client.js';
import { navItems, type NavItem } from '../nav.js';
import { useI18n } from '../i18n/index.js';
import { marks } from '../i18n/punctuation.js';
import { href } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useLoad } from '../use-load.js';

/** What waits for someone: a count, the page's list filtered to it, and what it says. */
interface Waiting {
  page: NavItem['key'];
  count: number;
  path: string;
  query: Record<string, string>;
  text: (count: number) => string;
}

/**
 * The counts behind the work waiting on each page the user may open: overdue verifications and
 * alerts with nothing done about them (inspectors, auditors), rotations overdue and due soon (HR too).
 * Each is a read of one row for its total; a count that cannot be read is left out, not shown as 0.
 */
async function loadWaiting(session: Session, m: ReturnType<typeof useI18n>['m']): Promise<Waiting[]> {
  const total = async (path: string, query: Record<string, string>, field: 'total' | 'alertsTotal' = 'total') => {
    try {
      const page = await read<Record<string, unknown>>(path, { ...query, limit: 1 });
      return typeof page[field] === 'number' ? page[field] as number : null;
    } catch {
      return null;
    }
  };
  const asked: Promise<Waiting | null>[] = [];
  const ask = (page: NavItem['key'], path: string, route: string, query: Record<string, string>, text: (count: number) => string, field?: 'alertsTotal') => {
    asked.push(total(path, query, field).then((count) => (count === null ? null : { page, count, path: route, query, text })));
  };
  if (hasRole(session, 'inspector', 'auditor')) {
    ask('cases', '/api/v1/cases', '/cases', { overdue: 'true' }, m.home.overdueCases);
    ask('alerts', '/api/v1/accountability-alerts', '/alerts', { outstanding: 'true' }, m.home.outstandingAlerts, 'alertsTotal');
  }
  if (hasRole(session, 'hr', 'inspector', 'auditor')) {
    ask('rotation', '/api/v1/rotation-schedule', '/rotation', { status: 'overdue' }, m.home.overdueRotations);
    ask('rotation', '/api/v1/rotation-schedule', '/rotation', { status: 'due_soon' }, m.home.dueSoonRotations);
  }
  return (await Promise.all(asked)).filter((w): w is Waiting => w !== null);
}

/** The first page after signing in, and the answer to an address that is no page (a mistyped or outdated link). */
export function Home({ session, unknownPath }: { session: Session; unknownPath?: string }) {
  const { m, lang } = useI18n();
  const items = navItems.filter((item) => hasRole(session, ...item.roles));
  const waiting = useLoad(() => loadWaiting(session, m), [session.sub, session.roles.join(','), lang]);
  return (
    <div class="page home">
      <h2>{m.home.welcome}{marks(lang).comma}{session.sub}</h2>
      {unknownPath !== undefined && <p class="notice" role="alert" data-testid="unknown-page">{m.home.unknownPage(`#${unknownPath}`)}</p>}
      <p>{m.home.chooseTask}</p>
      <ul class="tiles">
        {items.map((item) => {
          const here = (waiting.data ?? []).filter((w) => w.page === item.key);
          return (
            <li key={item.path}>
              <a href={href(item.path)}>{m.nav[item.key]}</a>
              {here.length > 0 && (
                <ul class="waiting" data-testid={`waiting-${item.key}`}>
                  {here.map((w) => (
                    <li key={w.text(w.count)} class={w.count > 0 ? 'due' : 'none'}>
                      <a href={href(w.path, w.query)}>{w.text(w.count)}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
