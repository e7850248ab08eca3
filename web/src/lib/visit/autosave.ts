import type { JsonValue } from '@ducha/shared';

/*
 * Saving free text as it is typed, without losing any of it and without saving half-composed
 * Chinese: an IME (pinyin, wubi) puts provisional Latin letters into the field until the user
 * picks the characters, so nothing is saved between compositionstart and compositionend. Saves
 * are debounced while typing and forced on blur and pagehide (`flush`). Each save carries as its
 * `base` the stored value the user saw when they began typing, so a teammate's change that arrives
 * meanwhile is not silently overwritten: the server records the conflict.
 */

export interface AutosaveOptions {
  /** Debounce while typing. */
  delayMs?: number;
  /**
   * Saves `value`; `base` is the raw stored value the user saw. Returns the raw value it stored
   * (the base of the next save), or false when the text is not valid and nothing was saved.
   */
  save(value: string, base: JsonValue): JsonValue | false;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class AutosaveText {
  /** The text outside any composition: what may be saved. */
  #committed: string;
  /** The last text saved, or adopted from the record. */
  #saved: string;
  #base: JsonValue;
  #composing = false;
  #timer: unknown = null;
  readonly #delay: number;
  readonly #opts: AutosaveOptions;

  constructor(initial: string, raw: JsonValue, opts: AutosaveOptions) {
    this.#committed = initial;
    this.#saved = initial;
    this.#base = raw;
    this.#opts = opts;
    this.#delay = opts.delayMs ?? 600;
  }

  /** Typed text not saved yet (or a composition under way). */
  get editing(): boolean {
    return this.#composing || this.#committed !== this.#saved;
  }

  /**
   * The stored value changed (the user's own save, a pull, another tab). Adopted, returning true,
   * unless the user is editing: their text stays and its base stays what they saw.
   */
  external(value: string, raw: JsonValue): boolean {
    if (this.editing) return false;
    this.#committed = value;
    this.#saved = value;
    this.#base = raw;
    return true;
  }

  /** An `input` event; `composing`: `InputEvent.isComposing`. */
  input(value: string, composing = false): void {
    if (composing || this.#composing) return;
    this.#committed = value;
    this.#schedule();
  }

  compositionStart(): void {
    this.#composing = true;
    this.#cancel();
  }

  compositionEnd(value: string): void {
    this.#composing = false;
    this.#committed = value;
    this.#schedule();
  }

  /** Blur, pagehide, leaving the screen: save now what was committed. */
  flush(): void {
    this.#cancel();
    if (this.#committed === this.#saved) return;
    const value = this.#committed;
    const stored = this.#opts.save(value, this.#base);
    if (stored === false) return;
    this.#saved = value;
    // The user has now seen what they saved: it is the base of their next change.
    this.#base = stored;
  }

  dispose(): void {
    this.flush();
  }

  #schedule(): void {
    this.#cancel();
    if (this.#committed === this.#saved) return;
    const set = this.#opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#timer = set(() => {
      this.#timer = null;
      this.flush();
    }, this.#delay);
  }

  #cancel(): void {
    if (this.#timer === null) return;
    const clear =
      this.#opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    clear(this.#timer);
    this.#timer = null;
  }
}
