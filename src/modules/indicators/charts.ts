import * as echarts from 'echarts';

/**
 * Charts rendered on the server as SVG with Apache ECharts (its SSR mode: no browser, no
 * script on the page). Each chart is an image with a text alternative; the page puts the same
 * figures in a table beside it, so nothing is read from the picture alone. Rendering costs a few
 * milliseconds per chart: pages cache what they render (see `cached` in dashboard.ts).
 */

// ECharts lays the text out in this font; it writes it into a style attribute, which the pages'
// Content-Security-Policy (style-src 'self') does not apply, so public/css/app.css sets the same
// font on `svg.chart text`. No quotes: the attribute is double-quoted as it is.
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';
const TEXT_STYLE = `font-size:12px;font-family:${FONT};`;
/** Dark enough on white for text (WCAG AA), told apart by shape and pattern too. */
const ACTUAL = '#1d4f91';
const TARGET = '#8a4b08';
const GRID = '#c9ced6';

function render(option: echarts.EChartsCoreOption, width: number, height: number, label: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT, color: '#1b1f24' }, ...option });
  const svg = staticSvg(chart.renderToSVGString());
  chart.dispose();
  // An image with its own accessible name; the figures are in the table next to it.
  return svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(label)}" focusable="false" class="chart" `);
}

/**
 * ECharts' SVG without what only an interactive chart uses: hydration metadata (ecmeta_*), the
 * legend's invisible hit areas, hover styles and their classes, pointer-events; and the text
 * style, which the stylesheet gives (see FONT). About half the bytes of a chart go.
 */
export function staticSvg(svg: string): string {
  return svg
    .replace(/<path [^>]*ecmeta_ssr_type="legend"[^>]*><\/path>\n?/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ pointer-events="visible"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/<style ?><!\[CDATA\[[^\]]*\]\]>\s*<\/style>\n?/g, '')
    .replaceAll(` style="${TEXT_STYLE}"`, '');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface TrendPoint {
  year: number;
  /** The axis label when the period is not a calendar year («2024/25»). */
  axis?: string;
  value: number | null;
  target: number | null;
}

/** Actual values (solid line, round markers) against targets (dashed line, diamonds) over the years. */
export function trendChart(points: TrendPoint[], unit: string, label: string): string {
  return render(
    {
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, itemWidth: 24, data: ['Факт', 'Цель'] },
      xAxis: { type: 'category', data: points.map((p) => p.axis ?? String(p.year)), axisLine: { lineStyle: { color: '#555' } } },
      yAxis: {
        type: 'value',
        min: 0,
        max: unit === '%' ? 100 : undefined,
        axisLabel: { formatter: unit === '%' ? '{value} %' : '{value}' },
        splitLine: { lineStyle: { color: GRID } },
      },
      series: [
        {
          name: 'Факт',
          type: 'line',
          data: points.map((p) => p.value),
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 8,
          lineStyle: { color: ACTUAL, width: 3 },
          itemStyle: { color: ACTUAL },
          label: {
            show: true,
            position: 'top',
            color: ACTUAL,
            formatter: (p: { value: unknown }) => (p.value === null ? '' : String(p.value)),
          },
        },
        {
          name: 'Цель',
          type: 'line',
          data: points.map((p) => p.target),
          connectNulls: false,
          symbol: 'diamond',
          symbolSize: 9,
          lineStyle: { color: TARGET, width: 2, type: 'dashed' },
          itemStyle: { color: TARGET },
        },
      ],
    },
    420,
    220,
    label,
  );
}

export interface Bar {
  name: string;
  value: number | null;
}

/** Horizontal bars, one per row (schools ranked on an indicator), with the target as a dashed line. */
export function rankingChart(bars: Bar[], unit: string, target: number | null, label: string): string {
  const rows = [...bars].reverse();
  const height = Math.max(120, 28 * rows.length + 50);
  return render(
    {
      grid: { left: 170, right: 48, top: 16, bottom: 28 },
      xAxis: {
        type: 'value',
        min: 0,
        max: unit === '%' ? 100 : undefined,
        axisLabel: { formatter: unit === '%' ? '{value} %' : '{value}' },
        splitLine: { lineStyle: { color: GRID } },
      },
      yAxis: {
        type: 'category',
        data: rows.map((b) => b.name),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: rows.map((b) => b.value),
          itemStyle: { color: ACTUAL },
          barMaxWidth: 18,
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: unknown }) => (p.value === null ? 'нет данных' : String(p.value)),
          },
          markLine:
            target === null
              ? undefined
              : {
                  symbol: 'none',
                  lineStyle: { color: TARGET, type: 'dashed', width: 2 },
                  label: { formatter: `цель ${target}`, color: TARGET },
                  data: [{ xAxis: target }],
                },
        },
      ],
    },
    560,
    height,
    label,
  );
}

/** Vertical bars of counts (pairs by form, by status, people by category). */
export function countChart(bars: Bar[], label: string): string {
  return render(
    {
      grid: { left: 40, right: 16, top: 24, bottom: 70 },
      xAxis: {
        type: 'category',
        data: bars.map((b) => b.name),
        axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: GRID } } },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => b.value ?? 0),
          itemStyle: { color: ACTUAL },
          barMaxWidth: 32,
          label: { show: true, position: 'top' },
        },
      ],
    },
    420,
    240,
    label,
  );
}
