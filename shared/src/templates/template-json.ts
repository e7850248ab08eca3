import { z } from 'zod';
import { Id, IsoDateTime } from '../domain/common.schema';
import { TemplateContent, type Template } from '../domain/template.schema';
import {
  fail,
  TEMPLATE_FILE_FORMAT,
  TEMPLATE_FILE_VERSION,
  zodIssue,
  type ImportResult,
} from './template-import';

/** A template as JSON: the shared schema inside an envelope that names the format and its version. */

const EnvelopeHead = z.object({
  format: z.literal(TEMPLATE_FILE_FORMAT),
  formatVersion: z.literal(TEMPLATE_FILE_VERSION),
});

const EnvelopeTemplate = z.object({ id: Id.optional() }).loose();

export interface TemplateEnvelope {
  format: typeof TEMPLATE_FILE_FORMAT;
  formatVersion: typeof TEMPLATE_FILE_VERSION;
  exportedAt: string;
  template: Omit<Template, 'createdAt'>;
}

export function templateToEnvelope(t: Template, exportedAt: string): TemplateEnvelope {
  IsoDateTime.parse(exportedAt);
  return {
    format: TEMPLATE_FILE_FORMAT,
    formatVersion: TEMPLATE_FILE_VERSION,
    exportedAt,
    template: {
      id: t.id,
      version: t.version,
      title: t.title,
      description: t.description,
      planKinds: t.planKinds,
      sections: t.sections,
      gradeThresholds: t.gradeThresholds,
    },
  };
}

export function parseTemplateJson(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail({ path: '' }, 'template.import_unreadable', { format: 'JSON' });
  }
  if (!EnvelopeHead.safeParse(doc).success) {
    return fail({ path: 'format' }, 'template.import_wrong_format');
  }
  const head = EnvelopeTemplate.safeParse((doc as { template?: unknown }).template);
  if (!head.success) {
    return { ok: false, issues: head.error.issues.map((i) => zodIssue(i, 'template')) };
  }
  const parsed = TemplateContent.safeParse(head.data);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => zodIssue(i, 'template')) };
  }
  return { ok: true, content: parsed.data, sourceId: head.data.id ?? null };
}
