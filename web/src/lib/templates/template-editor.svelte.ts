import type { Locale, TemplateContentInput } from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { TemplateService } from '$lib/services/template.service';
import {
  contentOf,
  draftIssues,
  draftOf,
  draftPreview,
  emptyDraft,
  newItem,
  newSection,
  type DraftIssue,
  type SectionPreview,
  type TemplateDraft,
} from './template-draft';

export interface TemplateEditorDeps {
  templates: TemplateService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  newId: () => string;
}

export type SaveOutcome =
  | { ok: true; id: string; version: number; newVersion: boolean }
  | { ok: false; error: UserError | null };

function move<T>(list: T[], index: number, delta: number): void {
  const to = index + delta;
  if (to < 0 || to >= list.length) return;
  const [entry] = list.splice(index, 1);
  list.splice(to, 0, entry!);
}

/**
 * The template editor: a draft bound to the form (its fields are deep state, so inputs bind to
 * them directly), checked by the shared schema as it changes, with live maxima and weights. Saving
 * creates a template, or edits the latest version (a version a plan pins becomes a new one).
 */
export class TemplateEditor {
  readonly #deps: TemplateEditorDeps;
  #draft = $state<TemplateDraft>(emptyDraft());
  #id = $state<string | null>(null);
  #baseVersion = $state<number | null>(null);
  #busy = $state(false);
  #error = $state<UserError | null>(null);
  #attempted = $state(false);
  readonly #issues = $derived(draftIssues(this.#draft, this.#locale()));
  readonly #preview = $derived(draftPreview(this.#draft));

  constructor(deps: TemplateEditorDeps) {
    this.#deps = deps;
  }

  #locale(): Locale {
    return this.#deps.locale();
  }

  get draft(): TemplateDraft {
    return this.#draft;
  }
  get id(): string | null {
    return this.#id;
  }
  get baseVersion(): number | null {
    return this.#baseVersion;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get error(): UserError | null {
    return this.#error;
  }
  get issues(): DraftIssue[] {
    return this.#issues;
  }
  /** Issues are shown once the user has tried to save, not while they start typing. */
  get showIssues(): boolean {
    return this.#attempted && this.#issues.length > 0;
  }
  get preview(): SectionPreview[] {
    return this.#preview;
  }
  get totalItems(): number {
    return this.#draft.sections.reduce((n, s) => n + s.items.length, 0);
  }

  openNew(content: TemplateContentInput | null = null): void {
    this.#id = null;
    this.#baseVersion = null;
    this.#draft = content ? draftOf(content) : emptyDraft();
    if (!content) this.addSection();
    this.#reset();
  }

  async open(id: string): Promise<UserError | null> {
    this.#busy = true;
    try {
      const t = await this.#deps.templates.get(id);
      this.#id = t.id;
      this.#baseVersion = t.version;
      this.#draft = draftOf(t);
      this.#reset();
      return null;
    } catch (error) {
      return this.#fail(error);
    } finally {
      this.#busy = false;
    }
  }

  addSection(): void {
    const section = newSection(this.#deps.newId());
    section.items.push(newItem(this.#deps.newId()));
    this.#draft.sections.push(section);
  }

  removeSection(index: number): void {
    this.#draft.sections.splice(index, 1);
  }

  moveSection(index: number, delta: number): void {
    move(this.#draft.sections, index, delta);
  }

  addItem(section: number): void {
    this.#draft.sections[section]?.items.push(newItem(this.#deps.newId()));
  }

  removeItem(section: number, item: number): void {
    this.#draft.sections[section]?.items.splice(item, 1);
  }

  moveItem(section: number, item: number, delta: number): void {
    const items = this.#draft.sections[section]?.items;
    if (items) move(items, item, delta);
  }

  async save(): Promise<SaveOutcome> {
    this.#attempted = true;
    if (this.#issues.length > 0) return { ok: false, error: null };
    this.#busy = true;
    try {
      const content = contentOf(this.#draft);
      const saved =
        this.#id === null || this.#baseVersion === null
          ? await this.#deps.templates.create(content)
          : await this.#deps.templates.update(this.#id, this.#baseVersion, content);
      this.#id = saved.template.id;
      this.#baseVersion = saved.template.version;
      this.#error = null;
      return {
        ok: true,
        id: saved.template.id,
        version: saved.template.version,
        newVersion: saved.newVersion,
      };
    } catch (error) {
      return { ok: false, error: this.#fail(error) };
    } finally {
      this.#busy = false;
    }
  }

  #reset(): void {
    this.#error = null;
    this.#attempted = false;
  }

  #fail(error: unknown): UserError {
    const failure = toUserError(error, this.#deps.locale(), this.#deps.connectivity.browserOnline);
    this.#error = failure;
    return failure;
  }
}
