import { connectivity, locale } from '$lib/app-context';
import { createApiClient } from '$lib/api/trpc-client';
import { BookEditor } from '$lib/books/book-editor.svelte';
import { PlanningManager } from '$lib/planning/planning.svelte';
import { createBookService } from '$lib/services/book.service';
import { createPlanningService } from '$lib/services/planning.service';
import { createTemplateService } from '$lib/services/template.service';
import { downloadFile } from '$lib/templates/file-bytes';
import { TemplateEditor } from '$lib/templates/template-editor.svelte';
import { TemplatesManager } from '$lib/templates/templates.svelte';

/*
 * The wiring of the console's planning screens (计划安排, 检查表模板, 一书双卡): imported by those
 * routes only, so a phone's first load never carries them. Like app-context.ts, the one place
 * these managers are made; components read them from here.
 */
const api = createApiClient({ getLocale: () => locale.current });
const currentLocale = () => locale.current;
const newId = () => crypto.randomUUID();

const templateService = createTemplateService(api);

export const planning = new PlanningManager({
  planning: createPlanningService(api),
  templates: templateService,
  connectivity,
  locale: currentLocale,
});

export const templates = new TemplatesManager({
  templates: templateService,
  connectivity,
  locale: currentLocale,
  save: (file) => downloadFile(file),
});

export const templateEditor = new TemplateEditor({
  templates: templateService,
  connectivity,
  locale: currentLocale,
  newId,
});

export const bookEditor = new BookEditor({
  books: createBookService(api),
  connectivity,
  locale: currentLocale,
  newId,
});
