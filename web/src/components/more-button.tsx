import { useI18n } from '../i18n/index.js';
import type { MorePages } from '../use-more-pages.js';
import { ProblemNotice } from './problem.js';

/** The "load more" button under a list, while there is more; and why the last page failed, if it did. */
export function MoreButton({ more }: { more: MorePages<unknown> }) {
  const { m } = useI18n();
  return (
    <>
      <ProblemNotice problem={more.problem} reading />
      {more.nextCursor && <p><button type="button" class="secondary" onClick={() => void more.loadMore()}>{m.common.more}</button></p>}
    </>
  );
}
