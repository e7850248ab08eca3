import type { Locale, Unit } from '@ducha/shared';
import { flattenUnitTree, type UnitRow } from '$lib/units/unit-tree';
import { toUserError, type UserError } from '$lib/api/user-error';
import type { UnitService } from '$lib/services/unit.service';
import type { ConnectivityManager } from './connectivity.svelte';

export class UnitsManager {
  #units = $state<Unit[]>([]);
  #loaded = $state(false);
  #error = $state<UserError | null>(null);
  readonly #service: UnitService;
  readonly #connectivity: ConnectivityManager;
  readonly #locale: () => Locale;

  constructor(service: UnitService, connectivity: ConnectivityManager, locale: () => Locale) {
    this.#service = service;
    this.#connectivity = connectivity;
    this.#locale = locale;
  }

  get units(): readonly Unit[] {
    return this.#units;
  }

  get rows(): UnitRow[] {
    return flattenUnitTree(this.#units);
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  get error(): UserError | null {
    return this.#error;
  }

  nameOf(id: string | null): string | null {
    return id === null ? null : (this.#units.find((u) => u.id === id)?.name ?? null);
  }

  async load(): Promise<void> {
    try {
      this.#units = await this.#service.list();
      this.#error = null;
    } catch (error) {
      this.#error = toUserError(error, this.#locale(), this.#connectivity.browserOnline);
    } finally {
      this.#loaded = true;
    }
  }
}
