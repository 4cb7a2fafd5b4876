// MBA's service worker (docs/offline.md), served at /sw.js with scope /.
// Pages come from the network; without a connection the contact form comes from the cache
// (offline.js puts it there while online), every other page says it needs a connection.
// Static files are kept as they pass by. Nothing else is stored.
const CACHE = "mba-offline-v1";
const FORMULIER = "/contactmomenten/nieuw/";
const OFFLINE = "/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.add(OFFLINE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((namen) => Promise.all(namen.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async () => {
        const cache = await caches.open(CACHE);
        if (url.pathname === FORMULIER) {
          const formulier = await cache.match(FORMULIER);
          if (formulier) return formulier;
        }
        return (await cache.match(OFFLINE)) || Response.error();
      })
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      fetch(request)
        .then((antwoord) => {
          if (antwoord.ok) {
            const kopie = antwoord.clone();
            caches.open(CACHE).then((cache) => cache.put(request, kopie));
          }
          return antwoord;
        })
        .catch(() => caches.match(request).then((a) => a || Response.error()))
    );
  }
});
