import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { configureClient } from './api/client.js';
import { dictionaries, I18nContext, type Lang, savedLang, saveLang, useI18n } from './i18n/index.js';
import { inParens, joinList, marks } from './i18n/punctuation.js';
import { navItems } from './nav.js';
import { AlertsPage } from './pages/alerts-page.js';
import { CasePage } from './pages/case-page.js';
import { CasesPage } from './pages/cases-page.js';
import { EventsPage } from './pages/events-page.js';
import { HistoryPage } from './pages/history-page.js';
import { Home } from './pages/home.js';
import { NewCasePage } from './pages/new-case-page.js';
import { PersonnelPage } from './pages/personnel-page.js';
import { RectificationPage } from './pages/rectification-page.js';
import { RectificationsPage } from './pages/rectifications-page.js';
import { RosterPage } from './pages/roster-page.js';
import { RotationPage } from './pages/rotation-page.js';
import { SignIn } from './pages/sign-in.js';
import { StatisticsPage } from './pages/statistics-page.js';
import { VerifyPage } from './pages/verify-page.js';
import { href, match, useRoute } from './router.js';
import { hasRole, loadSession, type Session, saveSession } from './session.js';

// The shell: who is signed in, the menu their roles open, and the page the address names.

export function App() {
  const [lang, setLangState] = useState<Lang>(savedLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const i18n = useMemo(() => ({
    lang,
    m: dictionaries[lang],
    setLang: (next: Lang) => { saveLang(next); setLangState(next); },
  }), [lang]);

  useEffect(() => { document.documentElement.lang = dictionaries[lang].lang; document.title = dictionaries[lang].appTitle; }, [lang]);

  // A sign-in that expires while a page is open keeps the page (and what was typed into it) under a
  // sign-in dialog: signing in again lets the user submit it again.
  const [expired, setExpired] = useState(false);
  const signIn = (next: Session | null) => { saveSession(next); setSession(next); setExpired(false); };
  configureClient({ token: session?.token ?? null, onUnauthorized: () => (session ? setExpired(true) : signIn(null)) });

  return (
    <I18nContext.Provider value={i18n}>
      <Shell session={session} onSignOut={() => signIn(null)}>
        {session
          ? <><Page session={session} />{expired && <SessionExpired onSignIn={signIn} />}</>
          : <SignIn onSignIn={(s) => { signIn(s); if (!location.hash) location.hash = '#/'; }} />}
      </Shell>
    </I18nContext.Provider>
  );
}

/** Over the page whose request was refused for an expired sign-in: sign in again, the page stays as it was. */
function SessionExpired({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const { m } = useI18n();
  return (
    <div class="session-expired" role="dialog" aria-modal="true" aria-labelledby="session-expired-h" data-testid="session-expired">
      <div class="session-expired-box">
        <h2 id="session-expired-h">{m.signIn.sessionExpiredTitle}</h2>
        <p>{m.signIn.sessionExpiredIntro}</p>
        <SignIn onSignIn={onSignIn} />
      </div>
    </div>
  );
}

function Shell({ session, onSignOut, children }: { session: Session | null; onSignOut: () => void; children: ComponentChildren }) {
  const { m, lang, setLang } = useI18n();
  const route = useRoute();
  const items = navItems.filter((item) => hasRole(session, ...item.roles));
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{m.skipToContent}</a>
      <header class="top">
        <div class="brand">
          <span class="bureau">{m.bureau}</span>
          <h1>{m.appTitle}</h1>
        </div>
        <div class="user">
          {session && (
            <span data-testid="signed-in-as">
              {m.common.signedInAs}{marks(lang).colon}<strong>{session.sub}</strong>{inParens(joinList(session.roles.map((r) => m.role[r]), lang), lang)}
            </span>
          )}
          <button type="button" class="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh-CN'}>
            {m.switchLanguage}
          </button>
          {session && <button type="button" onClick={onSignOut}>{m.common.signOut}</button>}
        </div>
      </header>
      {session && (
        <nav class="menu" aria-label={m.appTitle}>
          <ul>
            {items.map((item) => {
              const active = route.path === item.path || (item.path === '/cases' && /^\/cases\/(?!new)/.test(route.path))
                || (item.path === '/rectifications' && route.path.startsWith('/rectifications/'));
              return (
                <li key={item.path}>
                  <a href={href(item.path)} aria-current={active ? 'page' : undefined}>{m.nav[item.key]}</a>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}

function Page({ session }: { session: Session }) {
  const { path, query } = useRoute();
  if (path === '/' || path === '') return <Home session={session} />;
  if (path === '/cases') return <CasesPage query={query} />;
  if (path === '/cases/new') return <NewCasePage />;
  const caseMatch = match('/cases/:caseId', path);
  if (caseMatch) return <CasePage caseId={caseMatch.caseId!} session={session} />;
  if (path === '/personnel') return <PersonnelPage query={query} session={session} />;
  if (path === '/alerts') return <AlertsPage query={query} />;
  if (path === '/officers') return <RosterPage query={query} session={session} />;
  if (path === '/rotation') return <RotationPage query={query} />;
  if (path === '/rectifications') return <RectificationsPage query={query} session={session} />;
  const itemMatch = match('/rectifications/:rectificationId', path);
  if (itemMatch) return <RectificationPage rectificationId={itemMatch.rectificationId!} session={session} />;
  if (path === '/history') return <HistoryPage query={query} session={session} />;
  if (path === '/audit/events') return <EventsPage query={query} />;
  if (path === '/audit/verify') return <VerifyPage />;
  if (path === '/statistics') return <StatisticsPage query={query} />;
  return <Home session={session} unknownPath={path} />;
}
