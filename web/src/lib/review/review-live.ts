import { backoffDelay } from '@ducha/shared';

/** What the service needs of the browser's EventSource (a fake in tests). */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}

export interface ReviewLiveDeps {
  open: (url: string) => EventSourceLike;
  onChange: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

export const REVIEW_EVENTS_URL = '/events/review';
const BACKOFF = { baseMs: 1_000, capMs: 30_000 };

/**
 * Keeps a review screen current: listens to the server's `changed` hints (Server-Sent Events,
 * sent after an inspector's push or a reviewer's decision commits in the caller's scope) and
 * calls `onChange` so the screen refetches. When the stream fails, it is closed and reopened
 * after a jittered, growing delay (the browser's own retry would hammer a server that is down);
 * a reopened stream counts as a change, since hints sent meanwhile were missed.
 */
export class ReviewLiveService {
  readonly #deps: ReviewLiveDeps;
  #source: EventSourceLike | null = null;
  #timer: unknown = null;
  #attempt = 0;
  #everOpened = false;
  #running = false;

  constructor(deps: ReviewLiveDeps) {
    this.#deps = deps;
  }

  get connected(): boolean {
    return this.#source !== null && this.#attempt === 0 && this.#everOpened;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    this.#source?.close();
    this.#source = null;
    if (this.#timer !== null) (this.#deps.clearTimer ?? clearTimeout)(this.#timer as never);
    this.#timer = null;
  }

  #connect(): void {
    this.#timer = null;
    if (!this.#running) return;
    const source = this.#deps.open(REVIEW_EVENTS_URL);
    this.#source = source;
    source.addEventListener('ready', () => {
      if (source !== this.#source) return;
      const missed = this.#everOpened;
      this.#everOpened = true;
      this.#attempt = 0;
      if (missed) this.#deps.onChange();
    });
    source.addEventListener('changed', () => {
      if (source === this.#source) this.#deps.onChange();
    });
    source.addEventListener('error', () => {
      if (source !== this.#source) return;
      source.close();
      this.#source = null;
      const delay = backoffDelay(this.#attempt, { ...BACKOFF, random: this.#deps.random });
      this.#attempt += 1;
      this.#timer = (this.#deps.setTimer ?? setTimeout)(() => this.#connect(), delay);
    });
  }
}
