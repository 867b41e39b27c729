// Progress of a long script (seed, replay, export, verify, backup, restore). On a terminal it is one
// line that updates in place; anywhere else (a log file, CI, a pipe) it is plain lines, a few of
// them, so a log stays readable. It writes to stderr by default: stdout stays free for results
// (scripts print their JSON summary as the last line of stdout).

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** What is being counted, e.g. "events" or "pages". */
  unit?: string;
  /** The expected total, when known (gives a percentage and an estimate of the time left). */
  total?: number;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Overrides the stream's own isTTY (tests; FORCE_TTY-like switches). */
  tty?: boolean;
  /** Fewest milliseconds between two redraws on a terminal (default 100). */
  redrawMs?: number;
  /** Fewest milliseconds between two plain lines (default 5,000); a line is also written at every 25%. */
  lineEveryMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

export interface Progress {
  /** Sets how far the work is (an absolute count, not an increment). */
  update(done: number, note?: string): void;
  /** Adds to the count. */
  add(count: number, note?: string): void;
  /** Sets or corrects the expected total. */
  setTotal(total: number | undefined): void;
  /** A message of its own, on its own line (the progress line is redrawn after it on a terminal). */
  log(message: string): void;
  /** The final line, after the label: what was done (default: how much, how fast). Further updates are ignored. */
  done(summary?: string): void;
  /** Ends without a success line (e.g. before printing an error). */
  fail(message?: string): void;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? formatCount(perSecond) : perSecond.toFixed(perSecond >= 1 ? 1 : 2);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function createProgress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? 'items';
  const redrawMs = options.redrawMs ?? 100;
  const lineEveryMs = options.lineEveryMs ?? 5_000;
  const started = now();
  let total = options.total;
  let done = 0;
  let note: string | undefined;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastQuarter = 0;
  let onLine = false; // a progress line is on the terminal and must be cleared before other output
  let finished = false;

  function describe(): string {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
    const parts = [`${label}: ${formatCount(done)}${total !== undefined ? ` / ${formatCount(total)}` : ''} ${unit}`];
    if (total !== undefined && total > 0) parts.push(`${Math.min(100, Math.floor((done * 100) / total))}%`);
    // Rates and estimates only once there is enough to go on.
    if (elapsed >= 500 && rate > 0) {
      parts.push(`${formatRate(rate)}/s`);
      if (total !== undefined && done < total) parts.push(`~${formatDuration(((total - done) / rate) * 1000)} left`);
    }
    if (note) parts.push(note);
    return parts.join(' · ');
  }

  function clearLine(): void {
    if (onLine) {
      stream.write('\r\x1b[2K');
      onLine = false;
    }
  }

  function draw(force = false): void {
    if (finished) return;
    const at = now();
    if (tty) {
      if (!force && at - lastDraw < redrawMs) return;
      lastDraw = at;
      let text = describe();
      const width = stream.columns;
      if (width && text.length >= width) text = `${text.slice(0, Math.max(0, width - 2))}…`;
      stream.write(`\r\x1b[2K${text}`);
      onLine = true;
      return;
    }
    // Plain lines: on the first update, at each quarter of a known total, and every lineEveryMs.
    const quarter = total !== undefined && total > 0 ? Math.min(4, Math.floor((done * 4) / total)) : 0;
    const newQuarter = quarter > lastQuarter;
    if (!force && !newQuarter && at - lastDraw < lineEveryMs) return;
    lastQuarter = Math.max(lastQuarter, quarter);
    lastDraw = at;
    stream.write(`${describe()}\n`);
  }

  return {
    update(count, newNote) {
      done = count;
      if (newNote !== undefined) note = newNote;
      draw();
    },
    add(count, newNote) {
      done += count;
      if (newNote !== undefined) note = newNote;
      draw();
    },
    setTotal(newTotal) {
      total = newTotal;
    },
    log(message) {
      if (finished) {
        stream.write(`${message}\n`);
        return;
      }
      clearLine();
      stream.write(`${message}\n`);
      if (tty) draw(true);
    },
    done(summary) {
      if (finished) return;
      clearLine();
      const elapsed = now() - started;
      const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
      const text = `${label}: ${summary
        ?? `${formatCount(done)} ${unit} in ${formatDuration(elapsed)}${rate > 0 && elapsed >= 500 ? ` (${formatRate(rate)}/s)` : ''}`}`;
      stream.write(`${text}\n`);
      finished = true;
    },
    fail(message) {
      if (finished) return;
      clearLine();
      if (message) stream.write(`${message}\n`);
      finished = true;
    },
  };
}
