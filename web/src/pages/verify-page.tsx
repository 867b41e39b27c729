import { useState } from 'preact/hooks';
import { TableScroll } from '../components/table-scroll.js';
import { ApiError, get, NetworkError, type Problem, write, type WriteResult } from '../api/client.js';
import { LoadState } from '../components/load-state.js';
import { ProblemNotice } from '../components/problem.js';
import { formatInstant } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { labelled, marks } from '../i18n/punctuation.js';
import { useLoad } from '../use-load.js';

// 校验与封存: the result of verifying the whole log (hash chains and seals), the seals recorded
// so far with their roots (what an auditor publishes), and a button to seal now.

interface VerifiedSeal {
  root: string;
  position: string;
  upToPosition: string | null;
  sealedAt: string;
}

export interface VerifyProblem {
  kind: string;
  detail: string;
  stream: string | null;
  revision: string | null;
  position: string | null;
  eventId: string | null;
  seal?: { position: string; root: string };
}

/** What GET /api/v1/audit/verify answers. */
interface VerifyResult {
  ok: boolean;
  events: number;
  streams: number;
  seals: number;
  latestSeal: VerifiedSeal | null;
  unsealedEvents: number;
  lastPosition: string | null;
  matchedRoot?: VerifiedSeal;
  problem?: VerifyProblem;
  problems?: VerifyProblem[];
}

type WriteResultWithRoot = WriteResult & { root?: string; rootFormatted?: string };

export interface SealSummary {
  sealId: string;
  root: string;
  sealedAt: string;
  upToPosition: string | null;
  streamCount: number;
  eventCount: string;
}


export function VerifyPage() {
  const { m, lang } = useI18n();
  const [root, setRoot] = useState('');
  const [checkedRoot, setCheckedRoot] = useState('');
  const verification = useLoad(() => get<VerifyResult>('/api/v1/audit/verify', { root: checkedRoot || undefined }), [checkedRoot]);
  const seals = useLoad(() => get<{ seals: SealSummary[] }>('/web/seals.json').then((b) => b.seals), []);
  const [sealProblem, setSealProblem] = useState<Problem | 'network' | null>(null);
  const [sealed, setSealed] = useState<string | null>(null);
  const [sealing, setSealing] = useState(false);

  async function sealNow() {
    setSealing(true);
    try {
      const result = (await write('/api/v1/audit/seals', {})) as WriteResultWithRoot;
      setSealProblem(null);
      setSealed(result.rootFormatted ?? result.root ?? result.id);
      seals.reload();
      verification.reload();
    } catch (error) {
      if (error instanceof ApiError) setSealProblem(error.problem);
      else if (error instanceof NetworkError) setSealProblem('network');
      else throw error;
    } finally {
      setSealing(false);
    }
  }

  const result = verification.data;
  const ok = result?.ok === true;
  const problem = result?.problem;
  return (
    <div class="page verify">
      <h2>{m.verify.title}</h2>
      <p class="intro">{m.verify.intro}</p>
      <LoadState loaded={verification} />
      {result && (
        <section class={`verdict ${ok ? 'verdict-ok' : 'verdict-broken'}`} aria-live="polite" data-testid="verify-result" data-ok={String(ok)}>
          <p class="verdict-line"><span aria-hidden="true">{ok ? '✔ ' : '✖ '}</span>{ok ? m.verify.ok : m.verify.broken}</p>
          <dl class="facts-list">
            <dt>{m.verify.eventsChecked}</dt><dd>{result.events}</dd>
            <dt>{m.verify.streamsChecked}</dt><dd>{result.streams}</dd>
            <dt>{m.verify.sealsChecked}</dt><dd>{result.seals}</dd>
            <dt>{m.verify.latestSeal}</dt>
            <dd>{result.latestSeal ? <><code class="hash">{result.latestSeal.root}</code> · {formatInstant(result.latestSeal.sealedAt, lang)}</> : m.verify.noSeals}</dd>
            <dt>{m.verify.unsealedEvents}</dt><dd>{result.unsealedEvents}</dd>
            {checkedRoot && (
              <><dt>{m.verify.publishedRoot}</dt><dd>{result.matchedRoot ? `${m.verify.rootMatched} · ${formatInstant(result.matchedRoot.sealedAt, lang)}` : m.verify.rootNotFound}</dd></>
            )}
          </dl>
          {problem && (
            <div class="verify-problem" data-testid="verify-problem">
              <strong>{labelled(m.verify.firstProblem, label(m.verify.problemKind, problem.kind), lang)}</strong>
              <p>{[problem.stream && `${m.events.stream} ${problem.stream}`, problem.revision && `${m.events.revision} ${problem.revision}`,
                problem.position && `${m.events.position} ${problem.position}`].filter(Boolean).join(' · ')}</p>
              {/* The verifier's account names hashes and positions: it stays in its own words, marked as English. */}
              <p class="detail">{m.errors.registerDetail}{marks(lang).colon}<span lang="en">{problem.detail}</span></p>
              {result.problems && result.problems.length > 1 && <p>{m.verify.moreProblems(result.problems.length)}</p>}
            </div>
          )}
        </section>
      )}
      <form class="filters" onSubmit={(e) => { e.preventDefault(); setCheckedRoot(root.replace(/\s+/g, '')); }}>
        <div class="field">
          <label for="v-root">{m.verify.publishedRoot}<span class="optional">{m.common.optional}</span></label>
          <input id="v-root" name="root" size={70} value={root} aria-describedby="v-root-help" onInput={(e) => setRoot((e.currentTarget as HTMLInputElement).value)} />
          <small id="v-root-help" class="help">{m.verify.publishedRootHelp}</small>
        </div>
        <button type="submit">{m.verify.run}</button>
      </form>

      <section aria-labelledby="seals-h" class="seals">
        <h3 id="seals-h">{m.verify.seals}</h3>
        <button type="button" onClick={sealNow} disabled={sealing}>{m.verify.sealNow}</button>
        {sealed && <p class="success" role="status" data-testid="sealed">{m.verify.sealed} <code class="hash">{sealed}</code></p>}
        <ProblemNotice problem={sealProblem} />
        <LoadState loaded={seals} />
        {seals.data && seals.data.length === 0 && <p class="empty">{m.verify.noSeals}</p>}
        {seals.data && seals.data.length > 0 && (
          <TableScroll label={m.verify.seals}>
            <table class="data" data-testid="seals-table">
              <thead>
                <tr>
                  <th scope="col">{m.verify.sealedAt}</th>
                  <th scope="col">{m.verify.root}</th>
                  <th scope="col">{m.verify.sealCoversUpTo}</th>
                  <th scope="col">{m.verify.sealStreams}</th>
                  <th scope="col">{m.verify.sealEvents}</th>
                </tr>
              </thead>
              <tbody>
                {seals.data.map((seal) => (
                  <tr key={seal.sealId}>
                    <td>{formatInstant(seal.sealedAt, lang)}</td>
                    <td><code class="hash">{seal.root}</code></td>
                    <td class="num">{seal.upToPosition ?? '—'}</td>
                    <td class="num">{seal.streamCount}</td>
                    <td class="num">{seal.eventCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
