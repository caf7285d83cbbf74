import { tokens } from '@fluentui/react-components';
import { type CurrencyPipeline, pipelineStages } from '../../../engine/index';

const SERIES_COLORS = ['#0F6CBD', '#8764B8', '#038387', '#CA5010', '#498205', '#C239B3'];

/** 12,345 → 12.3K; 1,234,567 → 1.23M: the value labels of a narrow chart. */
export function compactMoney(v: number): string {
  // Three significant digits, trailing zeros after the point dropped (160K stays 160K; 1.50M is 1.5M).
  const short = (n: number) => n.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  const abs = Math.abs(v);
  if (abs >= 999.5e3) return `${short(v / 1e6)}M`;
  if (abs >= 1e3) return `${short(v / 1e3)}K`;
  return String(Math.round(v));
}

/**
 * One currency's pipeline: a bar per stage, stacked by deal type, its value written at its end; the weighted
 * value (value × stage %) as a dark line inside it; an axis with its ticks and title. Drawn in a 300-unit-wide box
 * at 12-unit text, so it stays legible in a 320 px pane.
 */
export function PipelineChart({ pipeline }: { pipeline: CurrencyPipeline }) {
  const stages = pipelineStages(pipeline);
  const dealTypes = [...new Set(pipeline.rows.map((r) => r.dealType))];
  const max = Math.max(1, ...stages.map((s) => s.value));
  const width = 300;
  const labelWidth = 108;
  const valueRoom = 38;
  const barHeight = 18;
  const gap = 10;
  const plot = width - labelWidth - valueRoom;
  const top = stages.length * (barHeight + gap);
  const legendRows = Math.ceil(dealTypes.length / 2);
  const height = top + 34 + legendRows * 16;
  const scale = (v: number) => (v / max) * plot;
  const ticks = [0, max / 2, max];
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={`Pipeline by stage in ${pipeline.currency}`} width="100%" viewBox={`0 0 ${width} ${height}`} style={{ fontFamily: 'inherit' }}>
        {stages.map((stage, i) => {
          const y = i * (barHeight + gap);
          let x = labelWidth;
          return (
            <g key={stage.stage}>
              <text x={labelWidth - 4} y={y + barHeight - 5} fontSize="11" textAnchor="end" fill={tokens.colorNeutralForeground1}>
                {shorten(stage.stage)} {stage.percent}%
                <title>{`${stage.stage} (${stage.percent}%)`}</title>
              </text>
              {dealTypes.map((dealType, d) => {
                const row = pipeline.rows.find((r) => r.stage === stage.stage && r.dealType === dealType);
                if (!row) return null;
                const w = scale(row.value);
                const rect = (
                  <rect key={dealType} x={x} y={y} width={Math.max(w, 1)} height={barHeight} fill={SERIES_COLORS[d % SERIES_COLORS.length]} opacity={0.5}>
                    <title>{`${stage.stage}, ${dealType}: ${row.deals} deals, ${pipeline.currency} ${Math.round(row.value).toLocaleString('en-US')}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <rect x={labelWidth} y={y + barHeight / 2 - 1.5} width={Math.max(scale(stage.weighted), 1)} height={3} fill={tokens.colorNeutralForeground1}>
                <title>{`${stage.stage}: weighted ${pipeline.currency} ${Math.round(stage.weighted).toLocaleString('en-US')}`}</title>
              </rect>
              <text x={labelWidth + scale(stage.value) + 3} y={y + barHeight - 5} fontSize="11" fill={tokens.colorNeutralForeground1}>
                {compactMoney(stage.value)}
              </text>
            </g>
          );
        })}
        <g transform={`translate(0, ${top})`} aria-hidden="true">
          <line x1={labelWidth} x2={labelWidth + plot} y1={0} y2={0} stroke={tokens.colorNeutralStroke1} />
          {ticks.map((t) => (
            <text key={t} x={labelWidth + scale(t)} y={12} fontSize="10" textAnchor="middle" fill={tokens.colorNeutralForeground2}>
              {compactMoney(t)}
            </text>
          ))}
          <text x={labelWidth + plot / 2} y={25} fontSize="10" textAnchor="middle" fill={tokens.colorNeutralForeground2}>
            Estimated value ({pipeline.currency})
          </text>
        </g>
        <g transform={`translate(0, ${top + 34})`}>
          {dealTypes.map((dealType, d) => (
            <g key={dealType} transform={`translate(${(d % 2) * 150}, ${Math.floor(d / 2) * 16})`}>
              <rect width={10} height={10} fill={SERIES_COLORS[d % SERIES_COLORS.length]} opacity={0.5} />
              <text x={14} y={9} fontSize="11" fill={tokens.colorNeutralForeground1}>
                {dealType}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption style={{ fontSize: 12 }}>Bars: estimated value by deal type. Dark line: weighted value (value × stage %).</figcaption>
    </figure>
  );
}

/** Assessment stage names are long: the chart's label column keeps their first words (the full name is the title). */
function shorten(stage: string): string {
  return stage.length <= 11 ? stage : `${stage.slice(0, 10).trimEnd()}…`;
}
