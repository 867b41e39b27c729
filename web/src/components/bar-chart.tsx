import { useId } from 'preact/hooks';

// A horizontal bar chart in plain SVG: no chart library, prints sharply, and the numbers are
// in the page as text too (a table beside every chart), so nobody depends on the picture.

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const ROW = 26;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 48;
const WIDTH = 560;

export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, bars.length * ROW) + 8;
  return (
    <svg class="bar-chart" role="img" aria-labelledby={`${id}-t`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-t`}>{`${title}：${bars.map((b) => `${b.label} ${b.value}`).join('，')}`}</title>
      {bars.map((bar, index) => {
        const y = 4 + index * ROW;
        const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * barSpace);
        return (
          <g key={bar.key}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 5} text-anchor="end" class="bar-label">{bar.label}</text>
            <rect x={LABEL_WIDTH} y={y + 4} width={width} height={ROW - 8} rx="2" class={`bar bar-${index % 6}`} />
            <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 5} class="bar-value">{bar.value}</text>
          </g>
        );
      })}
    </svg>
  );
}
