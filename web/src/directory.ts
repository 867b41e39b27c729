import { useEffect, useState } from 'preact/hooks';
import { read } from './api/client.js';

// Names for the pickers: units, posts and officers the register knows, for the <datalist>s that
// help fill in ids. Forms work without it (ids can be typed); it only saves looking them up.

export interface DirectoryEntry {
  id: string;
  name: string;
  unitId?: string;
  /** An officer who left service. */
  left?: true;
  /** A post: enforcement or not; important or sensitive, and its rotation period, as its latest change has them. */
  enforcement?: boolean;
  sensitive?: boolean;
  rotationPeriodMonths?: number | null;
}

export interface Directory {
  units: DirectoryEntry[];
  posts: DirectoryEntry[];
  officers: DirectoryEntry[];
  available: boolean;
}

const EMPTY: Directory = { units: [], posts: [], officers: [], available: false };

let cache: { at: number; value: Promise<Directory> } | null = null;

export function invalidateDirectory(): void {
  cache = null;
}

function loadDirectory(): Promise<Directory> {
  if (cache && Date.now() - cache.at < 30_000) return cache.value;
  const value = read<Omit<Directory, 'available'>>('/web/directory.json')
    .then((body) => ({ ...body, available: true }))
    .catch(() => EMPTY);
  cache = { at: Date.now(), value };
  return value;
}

export function useDirectory(): Directory & { reload: () => void } {
  const [directory, setDirectory] = useState<Directory>(EMPTY);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void loadDirectory().then((loaded) => { if (live) setDirectory(loaded); });
    return () => { live = false; };
  }, [tick]);
  return { ...directory, reload: () => { invalidateDirectory(); setTick((t) => t + 1); } };
}
