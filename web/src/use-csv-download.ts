import { useState } from 'preact/hooks';
import { ApiError, getBlob, NetworkError, type Problem, saveBlob } from './api/client.js';

// A list's CSV, as the register serves it (same filters, in the page's language), saved under a name.

export function useCsvDownload(): { download: (path: string, query: Record<string, string | undefined>, filename: string) => Promise<void>; problem: Problem | 'network' | null } {
  const [problem, setProblem] = useState<Problem | 'network' | null>(null);
  async function download(path: string, query: Record<string, string | undefined>, filename: string) {
    try {
      const blob = await getBlob(path, { ...query, format: 'csv' }, 'text/csv');
      setProblem(null);
      saveBlob(blob, filename);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error.problem);
      else if (error instanceof NetworkError) setProblem('network');
      else throw error;
    }
  }
  return { download, problem };
}
