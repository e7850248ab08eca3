import type {
  ReviewApproveResult,
  ReviewQueueFilter,
  ReviewQueuePage,
  ReviewVisit,
} from '@ducha/shared';
import type { ApiClient } from '$lib/api/trpc-client';

/** A reviewer's remark: on one checklist item, or on the visit (`itemId` null). */
export interface ReviewRemark {
  itemId: string | null;
  text: string;
}

/** 审核: the review procedures of the console. */
export interface ReviewService {
  queue(filter: ReviewQueueFilter): Promise<ReviewQueuePage>;
  get(id: string): Promise<ReviewVisit>;
  return(id: string, reason: string, comments: ReviewRemark[]): Promise<unknown>;
  approve(id: string): Promise<ReviewApproveResult>;
}

export function createReviewService(api: ApiClient): ReviewService {
  return {
    queue: (filter) => api.review.queue.query(filter) as Promise<ReviewQueuePage>,
    get: (id) => api.review.get.query({ id }) as Promise<ReviewVisit>,
    return: (id, reason, comments) => api.review.return.mutate({ id, reason, comments }),
    approve: (id) => api.review.approve.mutate({ id }) as Promise<ReviewApproveResult>,
  };
}
