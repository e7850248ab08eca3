/** Holds the "新版本可用" offer until the user accepts it (or dismisses it for this visit). */
export class UpdateManager {
  #available = $state(false);
  #apply: (() => void) | null = null;

  get available(): boolean {
    return this.#available;
  }

  offer(apply: () => void): void {
    this.#apply = apply;
    this.#available = true;
  }

  apply(): void {
    this.#available = false;
    this.#apply?.();
  }

  dismiss(): void {
    this.#available = false;
  }
}
