import type { BookSaveInput, BookSummary, ResponsibilityBook } from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** 一书双卡: a unit's responsibility book and cards for a year. */
export interface BookService {
  list(unitId: string): Promise<BookSummary[]>;
  get(unitId: string, year: number): Promise<ResponsibilityBook>;
  save(input: BookSaveInput): Promise<ResponsibilityBook>;
}

export function createBookService(api: ApiClient): BookService {
  return {
    list: (unitId) => api.book.list.query({ unitId }),
    get: (unitId, year) => api.book.get.query({ unitId, year }),
    save: (input) => api.book.save.mutate(input),
  };
}
