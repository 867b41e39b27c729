import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Problem } from './api/client.js';

// Loads what a page shows; a newer load always wins over an older one still in flight. A reload
// (after a write) keeps what is shown until the answer comes; what was loaded for something else
// (another officer, another case) is never shown under the new name, while it loads or after it failed.

export interface Loaded<T> {
  data: T | null;
  problem: Problem | 'network' | null;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | 'network' | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  /** The deps of the data shown. */
  const shownFor = useRef<unknown[] | null>(null);
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (value) => { if (mine === generation.current) { shownFor.current = deps; setData(value); setProblem(null); setLoading(false); } },
      (error) => {
        if (mine !== generation.current) return;
        setProblem(error instanceof ApiError ? error.problem : 'network');
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // What was loaded for other deps is not shown while these load (nor after they fail).
  return { data: sameDeps(shownFor.current, deps) ? data : null, problem, loading, reload };
}

function sameDeps(a: unknown[] | null, b: unknown[]): boolean {
  return a !== null && a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
