import type { ApiClient } from '$lib/api/trpc-client';

export type VisitReport = Awaited<ReturnType<ApiClient['report']['visit']['query']>>;

/** Printable documents (report.visit). */
export interface ReportService {
  visit(id: string): Promise<VisitReport>;
}

export function createReportService(api: ApiClient): ReportService {
  return { visit: (id) => api.report.visit.query({ id }) };
}
