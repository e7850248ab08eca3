import { connectivity, locale } from '$lib/app-context';
import { createApiClient } from '$lib/api/trpc-client';
import { DashboardManager } from '$lib/dashboard/dashboard.svelte';
import { ReportManager } from '$lib/dashboard/report.svelte';
import { createDashboardService } from '$lib/services/dashboard.service';
import { createReportService } from '$lib/services/report.service';

/*
 * The wiring of 统计分析 and the printable visit report: imported by those routes only, so a
 * phone's first load never carries them (nor Chart.js, which the charts import on demand).
 */
const api = createApiClient({ getLocale: () => locale.current });
const currentLocale = () => locale.current;

export const dashboard = new DashboardManager({
  dashboard: createDashboardService(api),
  connectivity,
  locale: currentLocale,
  now: () => new Date(),
});

export const visitReport = new ReportManager({
  reports: createReportService(api),
  connectivity,
  locale: currentLocale,
});
