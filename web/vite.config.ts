import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { paraglideOptions } from './paraglide.config.js';

const apiTarget = process.env.DUCHA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    paraglideVitePlugin(paraglideOptions),
    sveltekit(),
    SvelteKitPWA({
      strategies: 'generateSW',
      filename: 'sw.js',
      registerType: 'prompt',
      // Registered by src/lib/pwa/sw-registration.ts through workbox-window.
      injectRegister: false,
      // static/manifest.webmanifest is hand-written and linked from app.html.
      manifest: false,
      // The plugin drops its own manifest name from the precache list; give it a name we do not
      // use so that our static manifest.webmanifest is precached too.
      manifestFilename: 'generated.webmanifest',
      kit: { adapterFallback: 'index.html', spa: true },
      workbox: {
        globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,woff2}'],
        navigateFallback: 'index.html',
        // API calls must always reach the server (or fail visibly as offline); never cache them.
        // Uploads and attachment downloads are API paths too, never the app shell.
        navigateFallbackDenylist: [
          /^\/trpc(\/|$)/,
          /^\/healthz$/,
          /^\/uploads(\/|$)/,
          /^\/exports\//,
          /^\/files(\/|$)/,
        ],
        cleanupOutdatedCaches: true,
        // Background Sync: wakes open pages to push (src/lib/pwa/background-sync.ts).
        importScripts: ['sw-background-sync.js'],
        // The first install takes control at once (the offline reload depends on it); updates still
        // wait for the user's 刷新 before the new worker takes over.
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  server: {
    proxy: {
      '/trpc': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
      '/uploads': { target: apiTarget, changeOrigin: false },
      '/files': { target: apiTarget, changeOrigin: false },
      '/events': { target: apiTarget, changeOrigin: false },
      '/exports': { target: apiTarget, changeOrigin: false },
    },
  },
});
