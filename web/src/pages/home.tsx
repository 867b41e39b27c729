import { navItems } from '../nav.js';
import { useI18n } from '../i18n/index.js';
import { marks } from '../i18n/punctuation.js';
import { href } from '../router.js';
import { hasRole, type Session } from '../session.js';

/** The first page after signing in, and the answer to an address that is no page (a mistyped or outdated link). */
export function Home({ session, unknownPath }: { session: Session; unknownPath?: string }) {
  const { m, lang } = useI18n();
  const items = navItems.filter((item) => hasRole(session, ...item.roles));
  return (
    <div class="page home">
      <h2>{m.home.welcome}{marks(lang).comma}{session.sub}</h2>
      {unknownPath !== undefined && <p class="notice" role="alert" data-testid="unknown-page">{m.home.unknownPage(`#${unknownPath}`)}</p>}
      <p>{m.home.chooseTask}</p>
      <ul class="tiles">
        {items.map((item) => <li key={item.path}><a href={href(item.path)}>{m.nav[item.key]}</a></li>)}
      </ul>
    </div>
  );
}
