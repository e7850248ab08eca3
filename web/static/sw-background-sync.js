/*
 * Imported into the generated Workbox service worker (vite.config.ts `workbox.importScripts`).
 * On the Background Sync event registered by src/lib/pwa/background-sync.ts it wakes every open
 * page of the app, which pushes its outbox; the event fails (the browser retries later with its
 * own backoff) unless one page answers that everything went out. With no page open there is
 * nothing to push from: the app pushes on its next start anyway.
 */
const DUCHA_SYNC_TAG = 'ducha-push';
const DUCHA_SYNC_MESSAGE = 'ducha-background-sync';
const DUCHA_SYNC_ANSWER_MS = 2 * 60 * 1000;

function duchaAsk(client) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), DUCHA_SYNC_ANSWER_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(Boolean(event.data && event.data.ok));
    };
    client.postMessage({ type: DUCHA_SYNC_MESSAGE }, [channel.port2]);
  });
}

async function duchaWakePages() {
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (pages.length === 0) return;
  const answers = await Promise.all(pages.map(duchaAsk));
  if (!answers.some(Boolean)) throw new Error('changes still waiting');
}

self.addEventListener('sync', (event) => {
  if (event.tag === DUCHA_SYNC_TAG) event.waitUntil(duchaWakePages());
});
