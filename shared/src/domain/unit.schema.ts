import { z } from 'zod';
import { Code, Id, ShortText } from './common.schema';
import { UnitKind } from './enums';

/**
 * An organisation in the tree: province → city → county, plus provincial departments, SOEs,
 * universities and dispatched inspection groups hanging under the level that governs them.
 * `parentId` is null only for the root(s).
 */
export const Unit = z.object({
  id: Id,
  parentId: Id.nullable(),
  name: ShortText,
  kind: UnitKind,
  code: Code,
});
export type Unit = z.infer<typeof Unit>;

export const UnitCreateInput = Unit.omit({ id: true });
export type UnitCreateInput = z.infer<typeof UnitCreateInput>;
