import { useState } from 'preact/hooks';
import { ApiError, NetworkError, type Problem } from './api/client.js';

// "Load more" under a list: the pages after the first, fetched one at a time by cursor. The pages
// loaded belong to one query (`key`, e.g. the filters): a new query starts again from its first page.

export interface MorePages<T> {
  /** The items of the pages loaded after the first, in order. */
  items: T[];
  /** The cursor of the next page, or null when the last is shown. */
  nextCursor: string | null;
  loadMore: () => Promise<void>;
  /** Why the last page asked for could not be loaded. */
  problem: Problem | 'network' | null;
}

export function useMorePages<T>(
  key: string,
  firstCursor: string | null,
  fetchPage: (cursor: string) => Promise<{ items: T[]; nextCursor: string | null }>,
): MorePages<T> {
  const [more, setMore] = useState<{ key: string; items: T[]; nextCursor: string | null } | null>(null);
  const [failed, setFailed] = useState<{ key: string; problem: Problem | 'network' } | null>(null);
  const loaded = more?.key === key ? more : null;
  const nextCursor = loaded ? loaded.nextCursor : firstCursor;
  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await fetchPage(nextCursor);
      setFailed(null);
      setMore({ key, items: [...(loaded?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (error) {
      if (error instanceof ApiError) setFailed({ key, problem: error.problem });
      else if (error instanceof NetworkError) setFailed({ key, problem: 'network' });
      else throw error;
    }
  }
  return { items: loaded?.items ?? [], nextCursor, loadMore, problem: failed?.key === key ? failed.problem : null };
}
