// The storefront snippet, served minified at /t.js (README, "The browser snippet"). No dependencies: a shop adds one
// script tag. It sends browsing events to the origin it was loaded from, under an anonymous visitor id, in batches.
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-key]');
  if (!script || window.lifecycle) {
    return;
  }

  var key = script.getAttribute('data-key') || '';
  var requireConsent = /^(|true|1|yes)$/i.test(script.getAttribute('data-require-consent') || 'no');
  var endpoint = new URL(script.src, location.href).origin + '/api/v1/collect?key=' + encodeURIComponent(key);
  // Global Privacy Control: the visitor's browser asks not to be tracked, so nothing is stored or sent at all.
  var privacySignal = navigator.globalPrivacyControl === true;

  var ID_KEY = 'lifecycle_anon';
  var CONSENT_KEY = 'lifecycle_consent';
  var PENDING_KEY = 'lifecycle_pending';
  var MAX_BATCH = 50;
  var FLUSH_DELAY_MS = 1000;
  var MAX_PENDING = 500;

  var queue = [];
  var sending = false;
  var timer = 0;
  var backoffMs = 0;
  var consented = !requireConsent || read(CONSENT_KEY) === '1';

  function read(name) {
    try {
      return localStorage.getItem(name);
    } catch (e) {
      return null;
    }
  }

  function write(name, value) {
    try {
      if (value === null) {
        localStorage.removeItem(name);
      } else {
        localStorage.setItem(name, value);
      }
    } catch (e) {
      // Storage may be blocked (private mode, policy): the snippet keeps working for this page only.
    }
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = '';
    for (var i = 0; i < 16; i++) {
      h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? '-' : '');
    }
    return h;
  }

  function active() {
    return consented && !privacySignal && key !== '';
  }

  // The anonymous visitor id is created only once sending is allowed, so nothing is stored before consent.
  function visitorId() {
    var id = read(ID_KEY);
    if (!id || id.indexOf('anon-') !== 0) {
      id = 'anon-' + uuid();
      write(ID_KEY, id);
    }
    return id;
  }

  function track(type, data) {
    if (privacySignal) {
      return;
    }
    // Before consent events wait in memory (never in storage); they get the visitor id when consent comes.
    queue.push({ id: 'b-' + uuid(), type: String(type), occurredAt: new Date().toISOString(), data: data || {} });
    if (queue.length > MAX_PENDING) {
      queue.splice(0, queue.length - MAX_PENDING);
    }
    schedule(queue.length >= MAX_BATCH ? 0 : FLUSH_DELAY_MS);
  }

  function stamped(events) {
    var id = visitorId();
    for (var i = 0; i < events.length; i++) {
      events[i].customerId = id;
    }
    return events;
  }

  function schedule(delay) {
    if (!active() || timer) {
      return;
    }
    timer = setTimeout(function () {
      timer = 0;
      flush();
    }, Math.max(delay, backoffMs));
  }

  function flush() {
    if (!active() || sending || queue.length === 0) {
      return;
    }
    var batch = stamped(queue.splice(0, MAX_BATCH));
    sending = true;
    fetch(endpoint, { method: 'POST', body: JSON.stringify(batch), keepalive: true, credentials: 'omit' })
      .then(function (response) {
        // A refused batch (4xx other than 429) would be refused again: it is dropped. Everything else is retried.
        return response.status < 500 && response.status !== 429;
      }, function () {
        return false;
      })
      .then(function (done) {
        sending = false;
        if (!done) {
          queue = batch.concat(queue);
          backoffMs = Math.min(Math.max(backoffMs * 2, 1000), 30000);
        } else {
          backoffMs = 0;
        }
        if (queue.length) {
          schedule(0);
        }
      });
  }

  // On page hide the rest goes by sendBeacon; what the browser does not take waits in storage for the next page.
  function hide() {
    if (!active() || queue.length === 0) {
      return;
    }
    var rest = stamped(queue.splice(0, queue.length));
    while (rest.length) {
      var batch = rest.slice(0, MAX_BATCH);
      if (!navigator.sendBeacon || !navigator.sendBeacon(endpoint, JSON.stringify(batch))) {
        break;
      }
      rest = rest.slice(batch.length);
    }
    if (rest.length) {
      write(PENDING_KEY, JSON.stringify(rest));
    }
  }

  function resumePending() {
    var pending = read(PENDING_KEY);
    write(PENDING_KEY, null);
    try {
      pending = JSON.parse(pending || '[]');
    } catch (e) {
      pending = [];
    }
    if (pending.length) {
      queue = pending.concat(queue);
      schedule(0);
    }
  }

  function consent(given) {
    if (privacySignal) {
      return;
    }
    consented = given === true;
    if (consented) {
      write(CONSENT_KEY, '1');
      resumePending();
      schedule(0);
    } else {
      // Refusal forgets the visitor: its id, what was waiting, and the consent record.
      queue = [];
      write(CONSENT_KEY, null);
      write(ID_KEY, null);
      write(PENDING_KEY, null);
    }
  }

  window.lifecycle = {
    track: track,
    identify: function (customerId, userHash) {
      track('identify', { customerId: String(customerId), userHash: String(userHash) });
    },
    consent: consent,
    flush: flush,
    visitorId: function () {
      return active() ? visitorId() : null;
    },
  };

  addEventListener('pagehide', hide);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      hide();
    }
  });

  if (active()) {
    resumePending();
  }
  // One visit per page view, with the path only: no query string, no fragment, no title, no referrer.
  track('visit', { path: location.pathname });
})();
