import { navItems } from '../nav.js';
import { useI18n } from '../i18n/index.js';
import { marks } from '../i18n/punctuation.js';
import { href } from '../router.js';
import { hasRole, type Session } from '../session.js';

export function Home({ session }: { session: Session }) {
  const { m, lang } = useI18n();
  const items = navItems.filter((item) => hasRole(session, ...item.roles));
  return (
    <div class="page home">
      <h2>{m.home.welcome}{marks(lang).comma}{session.sub}</h2>
      <p>{m.home.chooseTask}</p>
      <ul class="tiles">
        {items.map((item) => <li key={item.path}><a href={href(item.path)}>{m.nav[item.key]}</a></li>)}
      </ul>
    </div>
  );
}
