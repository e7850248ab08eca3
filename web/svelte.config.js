import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // SPA: every unknown path is answered by index.html (the API does the same in production).
    adapter: adapter({ fallback: 'index.html', strict: true }),
    // The PWA plugin generates and registers (through workbox-window) our own worker.
    serviceWorker: { register: false },
    version: { pollInterval: 0 },
  },
};

export default config;
