import type { Loaded } from '../use-load.js';
import { useI18n } from '../i18n/index.js';
import { ProblemNotice } from './problem.js';

/** The loading line or the error a page's read ended with. */
export function LoadState({ loaded }: { loaded: Loaded<unknown> }) {
  const { m } = useI18n();
  if (loaded.problem) return <ProblemNotice problem={loaded.problem} reading />;
  if (loaded.loading && loaded.data === null) return <p class="loading" role="status">{m.common.loading}</p>;
  return null;
}
