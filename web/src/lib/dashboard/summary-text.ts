import { dekadPart, label, type Compared, type Locale } from '@ducha/shared';
import { m } from '$lib/paraglide/messages.js';
import type { DashboardSummary } from '$lib/services/dashboard.service';

/*
 * The 周调度 / 旬分析 / 月总结 summary as the paragraphs of a report: what the panel shows and
 * prints. Plain sentences rather than a table, because that is how such summaries are sent up.
 */

export interface SummaryText {
  heading: string;
  paragraphs: string[];
}

function change(c: Compared, locale: Locale): string {
  if (c.delta > 0) return m.dashboard_change_up({ n: c.delta }, { locale });
  if (c.delta < 0) return m.dashboard_change_down({ n: -c.delta }, { locale });
  return m.dashboard_change_same({}, { locale });
}

function heading(s: DashboardSummary, locale: Locale): string {
  const { start, end, kind } = s.period;
  if (kind === 'week') return m.dashboard_summary_heading_week({ start, end }, { locale });
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  if (kind === 'month') {
    return m.dashboard_summary_heading_month({ year, month, start, end }, { locale });
  }
  const part = {
    1: m.dashboard_dekad_1,
    2: m.dashboard_dekad_2,
    3: m.dashboard_dekad_3,
  }[dekadPart(start)]({}, { locale });
  return m.dashboard_summary_heading_dekad({ year, month, part, start, end }, { locale });
}

export function summaryText(s: DashboardSummary, locale: Locale): SummaryText {
  const sep = m.dashboard_list_separator({}, { locale });
  const paragraphs: string[] = [];
  if (s.asOf <= s.period.end)
    paragraphs.push(m.dashboard_summary_as_of({ asOf: s.asOf }, { locale }));
  paragraphs.push(
    m.dashboard_summary_visits(
      { current: s.visits.current, previous: s.visits.previous, change: change(s.visits, locale) },
      { locale },
    ),
  );
  let findings: string = m.dashboard_summary_findings(
    {
      current: s.findings.current,
      previous: s.findings.previous,
      change: change(s.findings, locale),
    },
    { locale },
  );
  const categories = s.byCategory
    .filter((c) => c.current > 0)
    .sort((a, b) => b.current - a.current)
    .map((c) =>
      m.dashboard_summary_category_item(
        {
          category: label('findingCategory', c.category as never, locale),
          n: c.current,
        },
        { locale },
      ),
    );
  if (categories.length > 0) {
    findings += m.dashboard_summary_categories({ list: categories.join(sep) }, { locale });
  }
  paragraphs.push(findings);
  paragraphs.push(
    m.dashboard_summary_ledger(
      {
        created: s.created.current,
        closed: s.closed.current,
        overdue: s.wentOverdue.current,
        relapses: s.relapses.current,
      },
      { locale },
    ) +
      m.dashboard_summary_ledger_previous(
        {
          created: s.created.previous,
          closed: s.closed.previous,
          overdue: s.wentOverdue.previous,
          relapses: s.relapses.previous,
        },
        { locale },
      ),
  );
  paragraphs.push(
    s.topUnits.length === 0
      ? m.dashboard_summary_no_findings({}, { locale })
      : m.dashboard_summary_top(
          {
            list: s.topUnits
              .map((u) =>
                m.dashboard_summary_top_item({ name: u.unitName, n: u.count }, { locale }),
              )
              .join(sep),
          },
          { locale },
        ),
  );
  return { heading: heading(s, locale), paragraphs };
}
