// A JSON document the register serves its pages (/web/*.json), fetched once and kept for the life of
// the page. An answer that is not OK gives the fallback, kept; no answer at all (network) is not
// kept, so the next call asks again.

export function cachedJson<T>(url: string, fallback: T): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= fetch(url)
      .then((response) => (response.ok ? (response.json() as Promise<T>) : fallback))
      .catch(() => {
        pending = null;
        return fallback;
      });
    return pending;
  };
}
