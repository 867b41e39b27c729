import { useEffect, useId, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import type { Role } from '../i18n/zh.js';
import { type Session, sessionFromToken } from '../session.js';
import { loadWebConfig, type WebConfig } from '../web-config.js';


/** Paste a token; in development, mint one for chosen roles (the server offers that only then). */
export function SignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const { m } = useI18n();
  const tokenId = useId();
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string | null>(null);
  const [config, setConfig] = useState<WebConfig | null>(null);

  useEffect(() => {
    void loadWebConfig().then(setConfig);
  }, []);

  function submitToken(event: Event) {
    event.preventDefault();
    const session = sessionFromToken(token);
    if (session === 'invalid') setTokenError(m.signIn.invalidToken);
    else if (session === 'expired') setTokenError(m.signIn.expired);
    else onSignIn(session);
  }

  return (
    <div class="sign-in">
      <section aria-labelledby={`${tokenId}-h`}>
        <h2 id={`${tokenId}-h`}>{m.signIn.title}</h2>
        <p>{m.signIn.intro}</p>
        <form onSubmit={submitToken}>
          <div class={`field${tokenError ? ' field-error' : ''}`}>
            <label for={tokenId}>{m.signIn.token}</label>
            <textarea
              id={tokenId}
              name="token"
              rows={4}
              required
              spellcheck={false}
              value={token}
              aria-invalid={tokenError ? true : undefined}
              aria-describedby={`${tokenId}-help${tokenError ? ` ${tokenId}-error` : ''}`}
              onInput={(e) => setToken((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <small id={`${tokenId}-help`} class="help">{m.signIn.tokenHelp}</small>
            {tokenError && <small id={`${tokenId}-error`} class="error-text" role="alert">{tokenError}</small>}
          </div>
          <div class="form-actions"><button type="submit">{m.signIn.submit}</button></div>
        </form>
      </section>
      {config?.devSignIn && <DevSignIn onSignIn={onSignIn} />}
    </div>
  );
}

function DevSignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const { m } = useI18n();
  const id = useId();
  const [sub, setSub] = useState('');
  const [roles, setRoles] = useState<Role[]>(['inspector']);
  const [officerId, setOfficerId] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (roles.length === 0) {
      setError(m.signIn.noRoles);
      return;
    }
    const response = await fetch('/web/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: sub.trim() || roles[0], roles, officerId: officerId.trim() || undefined }),
    }).catch(() => null);
    if (!response?.ok) {
      setError(m.errors.status[response?.status ?? 503] ?? m.errors.network);
      return;
    }
    const { token } = (await response.json()) as { token: string };
    const session = sessionFromToken(token);
    if (typeof session === 'string') setError(m.signIn.invalidToken);
    else onSignIn(session);
  }

  const toggle = (role: Role, on: boolean) => setRoles((current) => (on ? [...current, role] : current.filter((r) => r !== role)));

  return (
    <section class="dev-sign-in" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{m.signIn.devTitle}</h2>
      <p>{m.signIn.devIntro}</p>
      <form onSubmit={submit}>
        <div class="field">
          <label for={`${id}-sub`}>{m.signIn.devUser}</label>
          <input id={`${id}-sub`} name="sub" value={sub} autocomplete="username" onInput={(e) => setSub((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <fieldset>
          <legend>{m.signIn.devRoles}</legend>
          {(Object.keys(m.role) as Role[]).map((role) => (
            <label key={role} class="choice">
              <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={(e) => toggle(role, (e.currentTarget as HTMLInputElement).checked)} />
              {m.role[role]}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for={`${id}-officer`}>{m.signIn.devOfficerId}<span class="optional">{m.common.optional}</span></label>
          <input id={`${id}-officer`} name="officerId" value={officerId} onInput={(e) => setOfficerId((e.currentTarget as HTMLInputElement).value)} />
        </div>
        {error && <p class="problem" role="alert">{error}</p>}
        <div class="form-actions"><button type="submit">{m.signIn.devSubmit}</button></div>
      </form>
    </section>
  );
}
