import { useId } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { labelled, marks } from '../i18n/punctuation.js';

// A horizontal bar chart in plain SVG: no chart library, prints sharply, and the numbers are
// in the page as text too (a table beside every chart), so nobody depends on the picture.

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const ROW = 26;
const LABEL_WIDTH = 190;
/** The labels' font size in the chart's units (styles.css: .bar-label). */
const LABEL_FONT = 13;
const VALUE_WIDTH = 48;
const WIDTH = 560;

/**
 * The label as it fits in `room` units of the chart at the labels' size: whole, or cut in the
 * middle with an ellipsis (the full name stays in the chart's title and the table beside it). The
 * names of one bureau's units share their beginning (县交通运输综合行政执法大队…) and differ at their
 * end (一中队, 二中队), so the end is kept. A Chinese character is a full em wide, most Latin letters
 * and digits about six tenths of one.
 */
export function fitLabel(label: string, room = LABEL_WIDTH - 12, fontSize = LABEL_FONT): string {
  const width = (char: string) => (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 1 : 0.62) * fontSize;
  const chars = [...label];
  if (chars.reduce((sum, char) => sum + width(char), 0) <= room) return label;
  const budget = room - fontSize; // the ellipsis
  let used = 0;
  let tail = '';
  for (const char of [...chars].reverse()) {
    if (used + width(char) > budget / 2) break;
    used += width(char);
    tail = char + tail;
  }
  let head = '';
  for (const char of chars) {
    if (used + width(char) > budget) break;
    used += width(char);
    head += char;
  }
  return `${head}…${tail}`;
}

export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const { lang } = useI18n();
  const id = useId();
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, bars.length * ROW) + 8;
  return (
    <svg class="bar-chart" role="img" aria-labelledby={`${id}-t`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-t`}>{labelled(title, bars.map((b) => `${b.label} ${b.value}`).join(marks(lang).comma), lang)}</title>
      {bars.map((bar, index) => {
        const y = 4 + index * ROW;
        const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * barSpace);
        return (
          <g key={bar.key}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 5} text-anchor="end" class="bar-label"><title>{bar.label}</title>{fitLabel(bar.label)}</text>
            <rect x={LABEL_WIDTH} y={y + 4} width={width} height={ROW - 8} rx="2" class={`bar bar-${index % 6}`} />
            <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 5} class="bar-value">{bar.value}</text>
          </g>
        );
      })}
    </svg>
  );
}
