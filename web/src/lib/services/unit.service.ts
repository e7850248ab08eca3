import type { Unit } from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

export interface UnitService {
  list(): Promise<Unit[]>;
}

export function createUnitService(api: ApiClient): UnitService {
  return {
    list: () => api.unit.list.query(),
  };
}
