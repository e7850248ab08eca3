// Generates src/lib/paraglide before svelte-check / vitest, which run without Vite's plugin.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config.js';

await compile(paraglideOptions);
// The inlang SDK leaves ~30 s of housekeeping timers behind; the output is already written.
process.exit(0);
