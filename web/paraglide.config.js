// One set of compiler options for the Vite plugin (dev/build/test) and the CLI step before
// svelte-check, so the generated runtime is identical whichever runs first.
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  // No `preferredLanguage`: the product is Chinese-first, so a browser set to English still
  // starts in 简体中文 until the user switches (the choice is then kept in localStorage).
  strategy: ['localStorage', 'baseLocale'],
  localStorageKey: 'ducha.locale',
  emitTsDeclarations: false,
};
