import { connectivity, locale } from '$lib/app-context';
import { createApiClient } from '$lib/api/trpc-client';
import { ReviewLiveService } from '$lib/review/review-live';
import { ReviewQueueManager } from '$lib/review/review-queue.svelte';
import { ReviewVisitManager } from '$lib/review/review-visit.svelte';
import { createReviewService } from '$lib/services/review.service';

/*
 * The wiring of the review screens (审核): imported by those routes only. Like app-context.ts,
 * the one place these managers are made; components read them from here.
 */
const api = createApiClient({ getLocale: () => locale.current });
const deps = { review: createReviewService(api), connectivity, locale: () => locale.current };

export const reviewQueue = new ReviewQueueManager(deps);
export const reviewVisit = new ReviewVisitManager(deps);

/** A live stream for one screen: `start` when it mounts, `stop` when it goes. */
export function reviewLive(onChange: () => void): ReviewLiveService {
  return new ReviewLiveService({
    open: (url) => new EventSource(url, { withCredentials: true }),
    onChange,
  });
}
