// The register's HTTP API as the pages use it: bearer token, JSON bodies, RFC 9457 problems,
// idempotent retries, and read-your-writes (`minPosition`) after every write.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** For 400: the failing fields. */
  errors?: { path: string; message: string }[];
  /** For 409: the broken rule's stable code. */
  rule?: string;
}

/** The register answered with an error; `problem` is what it said. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
}

/** The register could not be reached: nothing is known to have been written. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export interface WriteResult {
  id: string;
  revision: string;
  position: string;
}

type Query = Record<string, string | number | boolean | null | undefined>;

let currentToken: string | null = null;
let onUnauthorized: () => void = () => {};
/** The log position of the latest write of this tab: reads wait for the projections to reach it. */
let lastWritePosition: string | null = null;

export function configureClient(options: { token: string | null; onUnauthorized?: () => void }): void {
  currentToken = options.token;
  if (options.onUnauthorized) onUnauthorized = options.onUnauthorized;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...init.headers };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try {
      const parsed = (await response.json()) as Partial<Problem>;
      problem = { ...parsed, status: response.status };
    } catch { /* not a problem document */ }
    if (response.status === 401) onUnauthorized();
    throw new ApiError(problem);
  }
  return response;
}

/** A projection read: waits for this tab's latest write to be visible. */
export async function read<T>(path: string, query: Query = {}): Promise<T> {
  const response = await send('GET', withQuery(path, { ...query, minPosition: lastWritePosition ?? undefined }));
  return (await response.json()) as T;
}

/** A read that does not come from projections (audit routes, lookups). */
export async function get<T>(path: string, query: Query = {}): Promise<T> {
  const response = await send('GET', withQuery(path, query));
  return (await response.json()) as T;
}

export async function getText(path: string, query: Query = {}, accept = 'text/plain'): Promise<string> {
  const response = await send('GET', withQuery(path, query), { headers: { accept } });
  return response.text();
}

export async function getBlob(path: string, query: Query = {}, accept = '*/*'): Promise<Blob> {
  const response = await send('GET', withQuery(path, query), { headers: { accept } });
  return response.blob();
}

/**
 * A write. `idempotencyKey` lets a form retry after a lost answer without writing twice;
 * the answer's position makes later reads of this tab include the write.
 */
export async function write(path: string, body: unknown, idempotencyKey?: string): Promise<WriteResult> {
  const headers: Record<string, string> = {};
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await send('POST', path, { body, headers });
  const result = (await response.json()) as WriteResult;
  if (result.position && (lastWritePosition === null || BigInt(result.position) > BigInt(lastWritePosition))) {
    lastWritePosition = result.position;
  }
  return result;
}

/** Saves a blob under a file name (the CSV download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Reads an NDJSON answer line by line and stops as soon as `onItem` returns false, so a page of
 * the audit stream never downloads the whole log.
 */
export async function streamNdjson(path: string, query: Query, onItem: (item: unknown) => boolean): Promise<{ ended: boolean }> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'application/x-ndjson' };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { headers, signal: controller.signal });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try { problem = { ...(await response.json()), status: response.status }; } catch { /* not a problem document */ }
    if (response.status === 401) onUnauthorized();
    throw new ApiError(problem);
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line && !onItem(JSON.parse(line))) {
          controller.abort();
          return { ended: false };
        }
        newline = buffer.indexOf('\n');
      }
    }
    if (buffer.trim()) onItem(JSON.parse(buffer));
    return { ended: true };
  } catch (error) {
    if (controller.signal.aborted) return { ended: false };
    throw new NetworkError(String(error));
  }
}
