import { useEffect, useState } from 'preact/hooks';

// Hash routes (`#/cases/…`): the register serves one page at `/`, and every address can be
// bookmarked, reloaded and shared without the server knowing the routes.

export interface Route {
  path: string;
  query: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = hash.split('?');
  return { path, query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute((shown) => {
      const now = current();
      return now.path === shown.path && now.query.toString() === shown.query.toString() ? shown : now;
    });
    addEventListener('hashchange', update);
    // Effects run after the first paint: an address changed before this listener was added (a link
    // followed right after signing in) would otherwise leave the page it replaced on screen.
    update();
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(path: string, query: Record<string, string | undefined> = {}): void {
  location.hash = href(path, query);
}

/** `/cases/:id` against `/cases/abc` gives `{ id: 'abc' }`; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}
