import {
  cardsToChecklist,
  type Locale,
  type ResponsibilityBook,
  type ResponsibilityCard,
  type ResponsibilityPoint,
  type RiskLevel,
  type TemplateContent,
} from '@ducha/shared';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { ConnectivityManager } from '$lib/managers/connectivity.svelte';
import type { BookService } from '$lib/services/book.service';

export interface BookEditorDeps {
  books: BookService;
  connectivity: ConnectivityManager;
  locale: () => Locale;
  newId: () => string;
}

export interface PointDraft {
  id: string;
  card: ResponsibilityCard;
  category: string;
  content: string;
  measures: string;
  owner: string;
  riskLevel: RiskLevel | '';
}

/**
 * 一书双卡 editor: a unit's responsibility book for a year with its responsibility and risk
 * points, saved whole (the server refuses a save based on an older version), and the 年中督责
 * checklist drafted from the saved points (shared cardsToChecklist).
 */
export class BookEditor {
  #unitId = $state<string | null>(null);
  #year = $state(2000);
  #title = $state('');
  #commitments = $state('');
  #points = $state<PointDraft[]>([]);
  #version = $state<number | null>(null);
  #loaded = $state(false);
  #busy = $state(false);
  #error = $state<UserError | null>(null);
  readonly #deps: BookEditorDeps;

  constructor(deps: BookEditorDeps) {
    this.#deps = deps;
  }

  get unitId(): string | null {
    return this.#unitId;
  }
  get year(): number {
    return this.#year;
  }
  get title(): string {
    return this.#title;
  }
  set title(v: string) {
    this.#title = v;
  }
  get commitments(): string {
    return this.#commitments;
  }
  set commitments(v: string) {
    this.#commitments = v;
  }
  get points(): PointDraft[] {
    return this.#points;
  }
  get version(): number | null {
    return this.#version;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get error(): UserError | null {
    return this.#error;
  }
  count(card: ResponsibilityCard): number {
    return this.#points.filter((p) => p.card === card).length;
  }

  /** Opens the unit's book for the year, or a new one when there is none yet. */
  async open(unitId: string, year: number, defaultTitle: string): Promise<UserError | null> {
    this.#unitId = unitId;
    this.#year = year;
    this.#busy = true;
    try {
      const book = await this.#deps.books.get(unitId, year).catch((error: unknown) => {
        const failure = toUserError(error, this.#deps.locale(), true);
        if (failure.kind === 'not_found') return null;
        throw error;
      });
      this.#take(book, defaultTitle);
      this.#error = null;
      return null;
    } catch (error) {
      return this.#fail(error);
    } finally {
      this.#busy = false;
      this.#loaded = true;
    }
  }

  addPoint(card: ResponsibilityCard): void {
    const last = [...this.#points].reverse().find((p) => p.card === card);
    this.#points.push({
      id: this.#deps.newId(),
      card,
      category: last?.category ?? '',
      content: '',
      measures: '',
      owner: '',
      riskLevel: card === 'risk' ? 'medium' : '',
    });
  }

  removePoint(id: string): void {
    const index = this.#points.findIndex((p) => p.id === id);
    if (index >= 0) this.#points.splice(index, 1);
  }

  async save(): Promise<UserError | null> {
    if (!this.#unitId) return null;
    this.#busy = true;
    try {
      const saved = await this.#deps.books.save({
        unitId: this.#unitId,
        year: this.#year,
        baseVersion: this.#version,
        title: this.#title,
        commitments: this.#commitments,
        points: this.#points.map((p) => this.#pointOf(p)),
      });
      this.#take(saved, saved.title);
      this.#error = null;
      return null;
    } catch (error) {
      return this.#fail(error);
    } finally {
      this.#busy = false;
    }
  }

  /** The 年中督责 checklist drafted from the points as they stand, or null without points. */
  checklist(unitName: string): TemplateContent | null {
    return cardsToChecklist(
      { unitName, year: this.#year, points: this.#points.map((p) => this.#pointOf(p)) },
      this.#deps.newId,
      this.#deps.locale(),
    );
  }

  #pointOf(p: PointDraft): ResponsibilityPoint {
    return {
      id: p.id,
      card: p.card,
      category: p.category.trim(),
      content: p.content.trim(),
      measures: p.measures.trim(),
      owner: p.owner.trim(),
      riskLevel: p.card === 'risk' && p.riskLevel !== '' ? p.riskLevel : null,
    };
  }

  #take(book: ResponsibilityBook | null, defaultTitle: string): void {
    this.#title = book?.title ?? defaultTitle;
    this.#commitments = book?.commitments ?? '';
    this.#version = book?.version ?? null;
    this.#points = (book?.points ?? []).map((p) => ({ ...p, riskLevel: p.riskLevel ?? '' }));
  }

  #fail(error: unknown): UserError {
    const failure = toUserError(error, this.#deps.locale(), this.#deps.connectivity.browserOnline);
    this.#error = failure;
    return failure;
  }
}
