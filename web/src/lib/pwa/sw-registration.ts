import { Workbox } from 'workbox-window';
import type { UpdateManager } from './update.svelte';

/**
 * Registers the Workbox service worker (built by vite-plugin-pwa as /sw.js). A new version
 * waits until the user chooses 刷新: then it is told to skip waiting and the page reloads once
 * the new worker controls it, so a half-old, half-new app never runs.
 */
export function registerServiceWorker(updates: UpdateManager): void {
  if (!('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    updates.offer(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register().catch(() => undefined);
}
