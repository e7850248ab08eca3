import type {
  Template,
  TemplateContentInput,
  TemplateFile,
  TemplateFileFormat,
  TemplateSaved,
  TemplateSummary,
  TemplateVersionInfo,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** 检查表模板: reading, writing and moving templates in and out as files. */
export interface TemplateService {
  list(includeArchived: boolean): Promise<TemplateSummary[]>;
  get(id: string, version?: number): Promise<Template>;
  versions(id: string): Promise<TemplateVersionInfo[]>;
  create(content: TemplateContentInput): Promise<TemplateSaved>;
  update(id: string, baseVersion: number, content: TemplateContentInput): Promise<TemplateSaved>;
  archive(id: string, archived: boolean): Promise<void>;
  exportFile(id: string, format: TemplateFileFormat, version?: number): Promise<TemplateFile>;
  importFile(
    format: TemplateFileFormat,
    base64: string,
    intoId: string | null,
  ): Promise<TemplateSaved>;
}

export function createTemplateService(api: ApiClient): TemplateService {
  return {
    list: (includeArchived) => api.template.list.query({ includeArchived }),
    get: (id, version) => api.template.get.query(version === undefined ? { id } : { id, version }),
    versions: (id) => api.template.versions.query({ id }),
    create: (content) => api.template.create.mutate({ content }),
    update: (id, baseVersion, content) => api.template.update.mutate({ id, baseVersion, content }),
    archive: async (id, archived) => {
      await api.template.archive.mutate({ id, archived });
    },
    exportFile: (id, format, version) =>
      api.template.export.query(version === undefined ? { id, format } : { id, format, version }),
    importFile: (format, base64, intoId) => api.template.import.mutate({ format, base64, intoId }),
  };
}
