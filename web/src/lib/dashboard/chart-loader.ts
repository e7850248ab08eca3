import type { Chart as ChartType } from 'chart.js';

/*
 * Chart.js is loaded on the dashboard only, on first use, so it never weighs on a phone's first
 * visit (150 kB gzipped budget): `import()` makes it a chunk of its own. Only the pieces the
 * dashboard draws are registered, which keeps that chunk small too.
 */
let loading: Promise<typeof ChartType> | null = null;

export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('chart.js').then((c) => {
    c.Chart.register(
      c.BarController,
      c.BarElement,
      c.LineController,
      c.LineElement,
      c.PointElement,
      c.CategoryScale,
      c.LinearScale,
      c.Tooltip,
      c.Legend,
    );
    return c.Chart;
  });
  return loading;
}

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11, graphical objects). */
export const SERIES_COLOURS = ['#b71c1c', '#1558b0', '#1d5a2c', '#6b4200', '#5b2a86'];
