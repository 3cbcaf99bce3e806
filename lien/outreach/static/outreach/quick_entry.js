// Lien: the outreach quick entry without network (a food distribution in a valley).
// Each contact gets an identifier made here, waits in the phone's storage and is sent to the API
// (/api/v1/outreach/contacts) as soon as it can be: at once, on the "online" event, on load and
// every half minute. The server answers a known identifier with the contact already recorded,
// so a contact sent twice is recorded once. Without JavaScript the form posts as before.
(function () {
  "use strict";

  var root = document.querySelector("[data-quick-entry]");
  var form = document.querySelector("[data-quick-form]");
  if (!root || !form || !window.fetch || !storageWorks()) return; // the form posts as without script

  function storageWorks() {
    try {
      localStorage.setItem("lien.outreach.probe", "1");
      localStorage.removeItem("lien.outreach.probe");
      return true;
    } catch (error) {
      return false; // storage refused (private mode, full): the page stays an ordinary form
    }
  }

  var QUEUE_KEY = "lien.outreach.queue";
  var RETRY_MS = 30000;
  var TIMEOUT_MS = 15000;
  var user = root.dataset.user;
  var sessionId = root.dataset.session;
  var inflight = null; // the sending under way, if any
  var again = false; // a contact queued while sending: one more round
  var needsLogin = false;
  // What the confirmation says of a contact waiting; kept in memory only, never in storage.
  var labels = {};

  function text(name, value) {
    var template = root.dataset["text" + name] || "";
    return value === undefined ? template : template.replace("%s", value);
  }

  // -- the queue, in localStorage: identifiers and codes, no name ------------------------------

  function readQueue() {
    try {
      var items = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(items) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  }

  function mine() {
    // Another user's contacts on a shared phone wait for them.
    return readQueue().filter(function (item) { return item.user === user; });
  }

  function removeFromQueue(clientId) {
    writeQueue(readQueue().filter(function (item) { return item.client_id !== clientId; }));
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // -- what the page says --------------------------------------------------------------------

  var status = document.querySelector("[data-quick-status]") || document.querySelector("main .messages");
  var pending = document.querySelector("[data-quick-pending]");
  var count = document.querySelector("[data-quick-count]");
  var undo = document.querySelector("[data-quick-undo]");

  function say(message, isError) {
    if (!status) return;
    var paragraph = document.createElement("p");
    paragraph.className = isError ? "message message-error" : "message";
    paragraph.textContent = message;
    status.replaceChildren(paragraph);
  }

  function sayWithLogin(message) {
    say(message, true);
    var link = document.createElement("a");
    link.href = root.dataset.login + "?next=" + encodeURIComponent(location.pathname + location.search);
    link.textContent = text("LoginLink");
    status.firstChild.append(" ", link);
  }

  function showPending() {
    var waiting = mine().length;
    var line = waiting === 0 ? text("PendingNone") : text(waiting === 1 ? "PendingOne" : "PendingMany", waiting);
    if (!navigator.onLine) line += " (" + text("Offline") + ")";
    pending.textContent = line;
    pending.hidden = false;
    pending.classList.toggle("pending-waiting", waiting > 0);
  }

  // The session's contacts as the server counts them: right even when the answer to an earlier
  // sending was lost (that contact comes back as "already recorded"), or when the page is a copy
  // kept on the phone since the morning.
  function showCount(value) {
    if (typeof value !== "number") return;
    count.dataset.quickCount = value;
    count.textContent = text(value === 1 ? "CountOne" : "CountMany", value);
  }

  function offerUndo(contactId) {
    if (!undo) return;
    undo.action = root.dataset.undo.replace("/0/", "/" + contactId + "/");
    undo.hidden = false;
  }

  // -- the form: a contact read off the tiles ------------------------------------------------

  function checked(name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input && input.value ? input : null;
  }

  function tileText(input) {
    var label = input.closest("label");
    var words = label ? label.textContent.trim() : input.value;
    return words.charAt(0).toLowerCase() + words.slice(1);
  }

  function communeCode() {
    // The session's commune unless changed; else the INSEE code of an autocomplete label.
    var input = form.querySelector("input[name='commune']");
    if (!input || input.value.trim() === input.defaultValue.trim() || input.value.trim() === "") return null;
    var value = input.value.trim();
    var match = /\((\w{5})\)\s*$/.exec(value) || /^(\w{5})$/.exec(value);
    return match ? match[1].toUpperCase() : undefined;
  }

  function readContact() {
    var person = checked("person");
    var age = checked("age_band");
    var gender = checked("gender");
    var topics = Array.prototype.map.call(form.querySelectorAll("input[name='topics']:checked"), function (input) {
      return input.value;
    });
    if (!person && !age && !gender && topics.length === 0) return { error: text("Empty") };
    var commune = communeCode();
    if (commune === undefined) return { error: text("Commune") };
    var label = person
      ? person.dataset.name || tileText(person)
      : [text("Anonymous")].concat([age, gender].filter(Boolean).map(tileText)).join(", ");
    return {
      item: {
        client_id: uuid4(),
        user: user,
        session: parseInt(sessionId, 10),
        person: person ? parseInt(person.value, 10) : null,
        age_band: person || !age ? null : age.value,
        gender: person || !gender ? null : gender.value,
        commune: commune,
        topics: topics,
      },
      label: label,
    };
  }

  function clearForm() {
    form.reset();
    var anonymous = form.querySelector("input[name='person'][value='']");
    if (anonymous) anonymous.checked = true;
    var clientId = form.querySelector("input[name='client_id']");
    if (clientId) clientId.value = uuid4();
  }

  // A known person's age and gender come from their file: choosing one clears the anonymous
  // profile, and a profile tapped afterwards means an anonymous contact again.
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name === "person" && input.value) {
      form.querySelectorAll("input[name='age_band'], input[name='gender']").forEach(function (tile) {
        tile.checked = false;
      });
    } else if ((input.name === "age_band" || input.name === "gender") && checked("person")) {
      var anonymous = form.querySelector("input[name='person'][value='']");
      if (anonymous) anonymous.checked = true;
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var contact = readContact();
    if (contact.error) {
      say(contact.error, true);
      return;
    }
    try {
      writeQueue(readQueue().concat([contact.item]));
    } catch (error) {
      form.submit(); // the phone's storage is full: post it now, as without script
      return;
    }
    if (status) status.replaceChildren(); // the last confirmation was about the previous contact
    labels[contact.item.client_id] = contact.label;
    if (undo) undo.hidden = true;
    clearForm();
    showPending();
    send().then(function () {
      var waiting = mine().some(function (item) { return item.client_id === contact.item.client_id; });
      if (waiting && !needsLogin) {
        say(text("Kept", contact.label));
      }
    });
  });

  var search = document.querySelector("[data-quick-search]");
  if (search) {
    search.addEventListener("submit", function (event) {
      if (!navigator.onLine) {
        event.preventDefault();
        say(text("SearchOffline"), true);
      }
    });
  }

  // -- sending -------------------------------------------------------------------------------

  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    if (match) return decodeURIComponent(match[1]);
    var input = form.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function post(item) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    var payload = {
      client_id: item.client_id,
      session: item.session,
      person: item.person,
      age_band: item.age_band,
      gender: item.gender,
      commune: item.commune,
      topics: item.topics,
    };
    return fetch(root.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload),
      signal: controller ? controller.signal : undefined,
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  function detail(response) {
    return response.json().then(function (body) { return body.detail || ""; }, function () { return ""; });
  }

  // One contact after the other, oldest first; resolves true once all are sent, false at the
  // first network failure (kept for later) or when the server wants a new login. A contact the
  // server refuses for good is told and taken out of the queue, so that it blocks no other.
  function sendNext(items) {
    if (items.length === 0) return Promise.resolve(true);
    var item = items[0];
    return post(item).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        needsLogin = false;
        removeFromQueue(item.client_id);
        return response.json().catch(function () { return {}; }).then(function (contact) {
          if (String(item.session) === sessionId) {
            showCount(contact.session_contacts_count);
            if (contact.id) offerUndo(contact.id);
          }
          if (item.client_id in labels) {
            say(text("Sent", labels[item.client_id]));
            delete labels[item.client_id];
          }
          return sendNext(items.slice(1));
        });
      }
      if (response.status === 401 || response.status === 403) {
        needsLogin = true;
        sayWithLogin(text("Relogin"));
        return false;
      }
      if (response.status >= 500) return false;
      return detail(response).then(function (why) {
        removeFromQueue(item.client_id);
        say(text("Refused", why), true);
        return sendNext(items.slice(1));
      });
    }, function () { return false; });
  }

  function send() {
    if (inflight) {
      again = true;
      return inflight;
    }
    function round() {
      again = false;
      return sendNext(mine()).then(function (done) { return done && again ? round() : done; });
    }
    inflight = round().finally(function () {
      inflight = null;
      showPending();
    });
    return inflight;
  }

  window.addEventListener("online", function () { showPending(); send(); });
  window.addEventListener("offline", showPending);
  window.addEventListener("storage", function (event) { if (event.key === QUEUE_KEY) showPending(); });
  setInterval(function () { if (mine().length) send(); }, RETRY_MS);
  showPending();
  send();

  // -- the page itself, offline after a first visit -------------------------------------------

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Loaded before the worker existed: ask it to keep this page (it keeps the next ones).
      if (!navigator.serviceWorker.controller && registration.active) {
        registration.active.postMessage({ type: "keep-page", url: location.href });
      }
    }).catch(function () { /* the page works without it, only not offline */ });
  }
})();
