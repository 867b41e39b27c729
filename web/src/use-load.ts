import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Problem } from './api/client.js';

// Loads what a page shows; a newer load always wins over an older one still in flight.

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
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (value) => { if (mine === generation.current) { setData(value); setProblem(null); setLoading(false); } },
      (error) => {
        if (mine !== generation.current) return;
        setProblem(error instanceof ApiError ? error.problem : 'network');
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, problem, loading, reload };
}
