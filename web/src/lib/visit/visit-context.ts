import { session, sync } from '$lib/app-context';
import { createEvidenceService } from '$lib/media/evidence.service';
import { TalkList } from '$lib/talk/talk-list.svelte';
import { TalkManager } from '$lib/talk/talk.svelte';
import { createTalkService } from '$lib/talk/talk.service';
import { PlanDetailManager } from './plan-detail.svelte';
import { VisitManager } from './visit.svelte';
import { createVisitService } from './visit.service';

/*
 * The wiring of the visit screens (a plan, a visit, its 约谈 records): imported by those routes
 * only, so their code loads with them and not with the first page. Like app-context.ts, the one
 * place these managers are made; components read them from here.
 */

/** The visit screens read and change only the signed-in user's local store. */
const visitService = createVisitService({ store: () => sync.store });
export const planDetail = new PlanDetailManager({
  store: () => sync.store,
  service: visitService,
  geolocation: () => navigator.geolocation,
});
export const visit = new VisitManager({
  store: () => sync.store,
  service: visitService,
  me: () => session.user?.id ?? null,
});

/** Photos, documents and signatures of the signed-in user's visits (media/evidence.service.ts). */
export const evidence = createEvidenceService({ store: () => sync.store });

/** 约谈 records of a visit (the list) and one record (its screen); signatures as attachments. */
const talkService = createTalkService({ store: () => sync.store });
export const talks = new TalkList({
  store: () => sync.store,
  service: talkService,
  me: () => session.user,
});
export const talk = new TalkManager({
  store: () => sync.store,
  service: talkService,
  signatures: evidence,
});
