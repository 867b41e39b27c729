import { useState } from 'preact/hooks';
import { ApiError, get, NetworkError, type Problem, write } from '../api/client.js';
import { LoadState } from '../components/load-state.js';
import { ProblemBox } from '../components/problem.js';
import { formatInstant } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLoad } from '../use-load.js';

// 校验与封存: the result of verifying the whole log (hash chains and seals), the seals recorded
// so far with their roots (what an auditor publishes), and a button to seal now.

interface VerifyResult {
  ok?: boolean;
  valid?: boolean;
  events?: number | string;
  eventsChecked?: number | string;
  streams?: number | string;
  streamsChecked?: number | string;
  seals?: number | string;
  sealsChecked?: number | string;
  problem?: unknown;
  firstProblem?: unknown;
  error?: unknown;
  [key: string]: unknown;
}

export interface SealSummary {
  sealId: string;
  root: string;
  sealedAt: string;
  upToPosition: string | null;
  streamCount: number;
  eventCount: string;
}

export function verifiedOk(result: VerifyResult): boolean {
  return result.ok === true || result.valid === true;
}

function count(...values: unknown[]): string {
  const value = values.find((v) => v !== undefined && v !== null);
  return value === undefined ? '—' : String(value);
}

export function VerifyPage() {
  const { m, lang } = useI18n();
  const verification = useLoad(() => get<VerifyResult>('/api/v1/audit/verify'), []);
  const seals = useLoad(() => get<{ seals: SealSummary[] }>('/web/seals.json').then((b) => b.seals), []);
  const [sealProblem, setSealProblem] = useState<Problem | 'network' | null>(null);
  const [sealed, setSealed] = useState<string | null>(null);
  const [sealing, setSealing] = useState(false);

  async function sealNow() {
    setSealing(true);
    try {
      const result = await write('/api/v1/audit/seals', {});
      setSealProblem(null);
      setSealed(result.id);
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
  const ok = result ? verifiedOk(result) : false;
  const problem = result ? result.firstProblem ?? result.problem ?? result.error : undefined;
  return (
    <div class="page verify">
      <h2>{m.verify.title}</h2>
      <p class="intro">{m.verify.intro}</p>
      <LoadState loaded={verification} />
      {result && (
        <section class={`verdict ${ok ? 'verdict-ok' : 'verdict-broken'}`} aria-live="polite" data-testid="verify-result" data-ok={String(ok)}>
          <p class="verdict-line"><span aria-hidden="true">{ok ? '✔ ' : '✖ '}</span>{ok ? m.verify.ok : m.verify.broken}</p>
          <dl class="facts-list">
            <dt>{m.verify.eventsChecked}</dt><dd>{count(result.eventsChecked, result.events)}</dd>
            <dt>{m.verify.streamsChecked}</dt><dd>{count(result.streamsChecked, result.streams)}</dd>
            <dt>{m.verify.sealsChecked}</dt><dd>{count(result.sealsChecked, typeof result.seals === 'object' ? undefined : result.seals)}</dd>
          </dl>
          {problem !== undefined && problem !== null && (
            <div><strong>{m.verify.firstProblem}</strong><pre>{JSON.stringify(problem, null, 2)}</pre></div>
          )}
        </section>
      )}
      <button type="button" onClick={verification.reload} disabled={verification.loading}>{m.verify.run}</button>

      <section aria-labelledby="seals-h" class="seals">
        <h3 id="seals-h">{m.verify.seals}</h3>
        <button type="button" onClick={sealNow} disabled={sealing}>{m.verify.sealNow}</button>
        {sealed && <p class="success" role="status">{m.common.saved}</p>}
        {sealProblem === 'network' && <div class="problem" role="alert">{m.errors.network}</div>}
        {sealProblem && sealProblem !== 'network' && <ProblemBox problem={sealProblem} />}
        <LoadState loaded={seals} />
        {seals.data && seals.data.length === 0 && <p class="empty">{m.verify.noSeals}</p>}
        {seals.data && seals.data.length > 0 && (
          <table class="data" data-testid="seals-table">
            <thead>
              <tr>
                <th scope="col">{m.verify.sealedAt}</th>
                <th scope="col">{m.verify.root}</th>
                <th scope="col">{m.events.position}</th>
                <th scope="col">{m.verify.streamsChecked}</th>
                <th scope="col">{m.verify.eventsChecked}</th>
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
        )}
      </section>
    </div>
  );
}
