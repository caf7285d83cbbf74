import { tokens } from '@fluentui/react-components';
import { type PipelineSummary } from '../../rules/rules-host';

const SERIES_COLORS = ['#0F6CBD', '#8764B8', '#038387', '#CA5010', '#498205', '#C239B3'];

/** Value per stage stacked by deal type, with the weighted value (value × stage %) as a dark overlay. */
export function PipelineChart({ summary }: { summary: PipelineSummary }) {
  const stages = [...new Map(summary.cells.map((c) => [c.stage, c.percent])).entries()];
  const dealTypes = [...new Set(summary.cells.map((c) => c.dealType))];
  const totals = stages.map(([stage]) => summary.cells.filter((c) => c.stage === stage).reduce((s, c) => s + c.value, 0));
  const max = Math.max(1, ...totals);
  const width = 300;
  const labelWidth = 128;
  const barHeight = 18;
  const gap = 8;
  const height = stages.length * (barHeight + gap) + 10 + Math.ceil(dealTypes.length / 2) * 14;
  const scale = (v: number) => (v / max) * (width - labelWidth - 10);
  const money = (v: number) => `${summary.currency} ${Math.round(v).toLocaleString('en-US')}`;
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={`Pipeline by stage in ${summary.currency}`} width="100%" viewBox={`0 0 ${width} ${height}`} style={{ fontFamily: 'inherit' }}>
        {stages.map(([stage, percent], i) => {
          const y = i * (barHeight + gap);
          let x = labelWidth;
          const weighted = summary.cells.filter((c) => c.stage === stage).reduce((s, c) => s + c.weighted, 0);
          return (
            <g key={stage}>
              <text x={labelWidth - 4} y={y + barHeight - 5} fontSize="9" textAnchor="end" fill={tokens.colorNeutralForeground1}>
                {stage} ({percent}%)
              </text>
              {dealTypes.map((dealType, d) => {
                const cell = summary.cells.find((c) => c.stage === stage && c.dealType === dealType);
                if (!cell) return null;
                const w = scale(cell.value);
                const rect = (
                  <rect key={dealType} x={x} y={y} width={Math.max(w, 1)} height={barHeight} fill={SERIES_COLORS[d % SERIES_COLORS.length]} opacity={0.45}>
                    <title>{`${stage}, ${dealType}: ${cell.deals} deals, ${money(cell.value)}, weighted ${money(cell.weighted)}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <rect x={labelWidth} y={y + barHeight / 3} width={Math.max(scale(weighted), 1)} height={barHeight / 3} fill={tokens.colorNeutralForeground1}>
                <title>{`${stage}: weighted ${money(weighted)}`}</title>
              </rect>
            </g>
          );
        })}
        <g transform={`translate(0, ${stages.length * (barHeight + gap) + 6})`}>
          {dealTypes.map((dealType, d) => (
            <g key={dealType} transform={`translate(${(d % 2) * 150}, ${Math.floor(d / 2) * 14})`}>
              <rect width={10} height={10} fill={SERIES_COLORS[d % SERIES_COLORS.length]} opacity={0.45} />
              <text x={14} y={9} fontSize="10" fill={tokens.colorNeutralForeground1}>
                {dealType}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption style={{ fontSize: 11 }}>Bars: estimated value by deal type. Dark line: weighted value (value × stage %).</figcaption>
    </figure>
  );
}
