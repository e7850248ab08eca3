import type { JsonValue, MutationArgsInput } from '@ducha/shared';
import type { LocalStore } from '$lib/sync/local-store';
import type { CreatedResult, VisitResult } from '$lib/visit/visit.service';
import type { ParticipantView, TalkField } from './talk-records';

/*
 * The 约谈 record's changes as local mutations (`talk.create`, `talk.update`, `talk.sign`): one
 * Dexie transaction each, never waiting on the network. Updates are field patches whose `base` is
 * the value the user saw.
 */

export interface TalkServiceDeps {
  store: () => LocalStore | null;
  newId?: () => string;
  now?: () => Date;
}

type UpdateSet = MutationArgsInput<'talk.update'>['set'];

export function createTalkService(deps: TalkServiceDeps) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now ?? (() => new Date());

  async function run<N extends Parameters<LocalStore['mutate']>[0]>(
    name: N,
    args: MutationArgsInput<N>,
  ): Promise<VisitResult> {
    const store = deps.store();
    if (!store) return { ok: false, reason: 'auth.unauthenticated' };
    const out = await store.mutate(name, args);
    return out.ok ? { ok: true } : { ok: false, reason: out.reason };
  }

  return {
    /** A new id for an element that needs one (a 表态). */
    newId,

    /** Opens a 约谈 record in a visit, held now, with whoever is present so far. */
    async create(where: {
      planId: string;
      inspectionId: string;
      unitId: string;
      participants: ParticipantView[];
    }): Promise<CreatedResult> {
      const id = newId();
      const at = now().toISOString();
      const out = await run('talk.create', { id, ...where, heldAt: at, createdAt: at });
      return out.ok ? { ok: true, id } : out;
    },

    /** One field: its new value and the value the user saw (null: empty). */
    update(id: string, field: TalkField, value: JsonValue, base: JsonValue): Promise<VisitResult> {
      return run('talk.update', {
        id,
        set: { [field]: value } as UpdateSet,
        base: { [field]: base },
      });
    },

    /** The signature (an attachment already stored, by hash) makes the record final. */
    sign(id: string, signatureSha256: string): Promise<VisitResult> {
      return run('talk.sign', { id, signatureSha256, signedAt: now().toISOString() });
    },
  };
}

export type TalkService = ReturnType<typeof createTalkService>;
