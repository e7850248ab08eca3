import {
  TEMPLATE_FILE_MAX_BYTES,
  type Locale,
  type TemplateContentInput,
  type TemplateFile,
  type TemplateFileFormat,
  type TemplateSaved,
  type TemplateSummary,
  type TemplateVersionInfo,
} from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { TemplateService } from '$lib/services/template.service';
import { bytesToBase64, formatOfFile } from './file-bytes';
import { RemoteActivity } from '$lib/managers/remote-activity.svelte';

export interface TemplatesDeps {
  templates: TemplateService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  /** Hands a file to the browser to save (file-bytes.ts downloadFile). */
  save: (file: TemplateFile) => void;
}

/** A file the picker gave, as much as the manager needs of it. */
export interface ChosenFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ImportOutcome = { ok: true; saved: TemplateSaved } | { ok: false; error: UserError };

/**
 * 检查表模板: the list (archived on request), a template's version history, archive, export and
 * import. A draft made elsewhere (the 年中督责 checklist from 一书双卡) waits here for the editor.
 */
export class TemplatesManager {
  #list = $state<TemplateSummary[]>([]);
  #includeArchived = $state(false);
  #versions = $state<{ id: string; rows: TemplateVersionInfo[] } | null>(null);
  #loaded = $state(false);
  readonly #remote = new RemoteActivity();
  #pendingDraft: TemplateContentInput | null = null;
  readonly #deps: TemplatesDeps;

  constructor(deps: TemplatesDeps) {
    this.#deps = deps;
  }

  get list(): readonly TemplateSummary[] {
    return this.#list;
  }
  get includeArchived(): boolean {
    return this.#includeArchived;
  }
  get versions(): { id: string; rows: TemplateVersionInfo[] } | null {
    return this.#versions;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get busy(): boolean {
    return this.#remote.busy;
  }
  get error(): UserError | null {
    return this.#remote.error;
  }

  async load(includeArchived = this.#includeArchived): Promise<UserError | null> {
    this.#includeArchived = includeArchived;
    return this.#run(async () => {
      this.#list = await this.#deps.templates.list(includeArchived);
      this.#loaded = true;
    });
  }

  showVersions(id: string): Promise<UserError | null> {
    return this.#run(async () => {
      this.#versions = { id, rows: await this.#deps.templates.versions(id) };
    });
  }

  hideVersions(): void {
    this.#versions = null;
  }

  archive(id: string, archived: boolean): Promise<UserError | null> {
    return this.#run(async () => {
      await this.#deps.templates.archive(id, archived);
      this.#list = await this.#deps.templates.list(this.#includeArchived);
    });
  }

  exportFile(id: string, format: TemplateFileFormat, version?: number): Promise<UserError | null> {
    return this.#run(async () => {
      this.#deps.save(await this.#deps.templates.exportFile(id, format, version));
    });
  }

  /** Imports a chosen .json or .xlsx file as a new template (or a new version of `intoId`). */
  async importFile(file: ChosenFile, intoId: string | null = null): Promise<ImportOutcome> {
    const format = formatOfFile(file.name);
    const locale = this.#deps.locale();
    if (!format || file.size > TEMPLATE_FILE_MAX_BYTES) {
      // Refused here, with the server's own words, before any byte is sent.
      const error = toUserError(
        {
          data: {
            code: 'BAD_REQUEST',
            messageKey: format ? 'template.import_too_large' : 'template.import_wrong_format',
          },
        },
        locale,
        true,
      );
      if (format) {
        error.message = error.message.replace('{maxKb}', String(TEMPLATE_FILE_MAX_BYTES / 1024));
      }
      this.#remote.fail(error);
      return { ok: false, error };
    }
    let saved: TemplateSaved | null = null;
    const error = await this.#run(async () => {
      const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      saved = await this.#deps.templates.importFile(format, base64, intoId);
      this.#list = await this.#deps.templates.list(this.#includeArchived);
    });
    return error || !saved ? { ok: false, error: error! } : { ok: true, saved };
  }

  /** Leaves a draft for the editor to open (see takeDraft). */
  offerDraft(draft: TemplateContentInput): void {
    this.#pendingDraft = draft;
  }

  takeDraft(): TemplateContentInput | null {
    const draft = this.#pendingDraft;
    this.#pendingDraft = null;
    return draft;
  }

  #run(action: () => Promise<void>): Promise<UserError | null> {
    return this.#remote.run(this.#deps, action);
  }
}
