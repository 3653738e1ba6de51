{% load static %}/* The door's service worker: keeps the page and its styles on the device, so the door opens without signal.
   The list itself is kept by the page (door.js); this worker never stores anyone's name. */
"use strict";
const CACHE = "btb-door-{{ summit.slug }}-v1";
const PAGE = "{{ scope }}";
const DATA = "{{ data_url }}";
const ASSETS = [
  PAGE,
  "{% static 'vendor/bootstrap/css/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap-icons/bootstrap-icons.min.css' %}",
  "{% static 'vendor/bootstrap-icons/fonts/bootstrap-icons.woff2' %}",
  "{% static 'css/btb.css' %}",
  "{% static 'img/badge.svg' %}",
  "{% static 'vendor/bootstrap/js/bootstrap.bundle.min.js' %}",
  "{% static 'vendor/htmx/htmx.min.js' %}",
  "{% static 'js/door.js' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("btb-door-{{ summit.slug }}-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === DATA) return;  // the list: the page keeps it
  if (url.pathname === PAGE) {
    // The page: fresh when there is signal (and kept for later), the kept copy when there is none.
    if (!self.navigator.onLine) { event.respondWith(caches.match(PAGE).then((kept) => kept || fetch(request))); return; }
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((cache) => cache.put(PAGE, copy)); }
          return response;
        })
        .catch(() => caches.match(PAGE))
    );
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(request)));
  }
});
