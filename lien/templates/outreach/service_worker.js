// Lien: the service worker of the outreach quick entry (rendered by outreach.views.service_worker).
// Its scope is the quick entry: the page opens again without network after a first visit; the
// contacts themselves wait in the page's own queue (outreach/quick_entry.js), never here.
"use strict";

var ASSETS = {{ assets|safe }};
var VERSION = {{ version|safe }};
var SCOPE = {{ scope|safe }};
var STATIC_PREFIX = {{ static_prefix|safe }};
var ASSET_CACHE = "lien-saisie-assets-" + VERSION;
var PAGE_CACHE = "lien-saisie-pages";
// A slow network in a valley: past this delay, the copy kept on the phone answers.
var NAVIGATION_TIMEOUT_MS = 6000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(ASSET_CACHE).then(function (cache) { return cache.addAll(ASSETS); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("lien-saisie-assets-") === 0 && name !== ASSET_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A page is kept under its session only, and only when its address says nothing else: a page
// showing a search or a confirmation (names of people followed) is never kept on the phone.
function pageKey(href) {
  var url = new URL(href);
  var params = url.searchParams;
  var kept = true;
  params.forEach(function (value, name) { if (name !== "session") kept = false; });
  var key = new URL(url.pathname, url.origin);
  if (params.get("session")) key.searchParams.set("session", params.get("session"));
  return { key: key.href, keep: kept && url.pathname === SCOPE };
}

function keepPage(href, response) {
  var page = pageKey(href);
  var type = response.headers.get("Content-Type") || "";
  if (!page.keep || !response.ok || response.redirected || type.indexOf("text/html") !== 0) return Promise.resolve();
  return caches.open(PAGE_CACHE).then(function (cache) {
    // Under its session, and as "the last quick entry" for the address without one.
    return Promise.all([
      cache.put(page.key, response.clone()),
      cache.put(new URL(SCOPE, href).href, response),
    ]);
  });
}

function keptPage(href) {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return cache.match(pageKey(href).key).then(function (response) {
      return response || cache.match(new URL(SCOPE, href).href);
    });
  });
}

var OFFLINE = "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hors ligne — Lien</title>" +
  "<h1>Hors ligne</h1><p>Ouvrez la saisie rapide une première fois avec du réseau : " +
  "elle s'ouvrira ensuite sans réseau.</p></html>";

function navigate(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    event.waitUntil(keepPage(request.url, response.clone()));
    return response;
  });
  var timeout = new Promise(function (resolve) { setTimeout(resolve, NAVIGATION_TIMEOUT_MS); });
  var slow = timeout.then(function () { return keptPage(request.url); }).then(function (kept) {
    return kept || network;
  });
  return Promise.race([network, slow]).catch(function () {
    return keptPage(request.url).then(function (kept) {
      return kept || new Response(OFFLINE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function asset(event) {
  // The kept copy at once, refreshed behind it (hashed names in production never go stale).
  return caches.open(ASSET_CACHE).then(function (cache) {
    return cache.match(event.request).then(function (cached) {
      var network = fetch(event.request).then(function (response) {
        if (response.ok) cache.put(event.request, response.clone());
        return response;
      });
      if (!cached) return network;
      event.waitUntil(network.catch(function () { return null; }));
      return cached;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;  // contacts are sent by the page, straight to the server
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SCOPE) {
    event.respondWith(navigate(event));
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(asset(event));
  }
});

// The page asks to keep itself: on a first visit it was loaded before this worker existed.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-page" || typeof data.url !== "string") return;
  var url = new URL(data.url);
  if (url.origin !== self.location.origin || !pageKey(url.href).keep) return;
  event.waitUntil(fetch(pageKey(url.href).key, { credentials: "same-origin" }).then(function (response) {
    return keepPage(pageKey(url.href).key, response);
  }).catch(function () { return null; }));
});
