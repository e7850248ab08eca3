/**
 * Whether the API can be reached. The browser's online flag alone is not enough (Wi-Fi with
 * no route, server down), so failed and successful requests are reported here too.
 */
export class ConnectivityManager {
  #browserOnline = $state(true);
  #serverReachable = $state(true);

  constructor(initiallyOnline = true) {
    this.#browserOnline = initiallyOnline;
  }

  get online(): boolean {
    return this.#browserOnline && this.#serverReachable;
  }

  get browserOnline(): boolean {
    return this.#browserOnline;
  }

  setBrowserOnline(online: boolean): void {
    this.#browserOnline = online;
    // Coming back online: give the server the benefit of the doubt until a request says no.
    if (online) this.#serverReachable = true;
  }

  reportReachable(reachable: boolean): void {
    this.#serverReachable = reachable;
  }

  /** Follows the window's online/offline events; returns the unsubscribe function. */
  listen(target: Window): () => void {
    const update = () => this.setBrowserOnline(target.navigator.onLine);
    update();
    target.addEventListener('online', update);
    target.addEventListener('offline', update);
    return () => {
      target.removeEventListener('online', update);
      target.removeEventListener('offline', update);
    };
  }
}
