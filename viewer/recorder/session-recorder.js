/*
 * session-viewer recorder: records how one visitor uses one page, in session-viewer's native
 * format (recordings/FORMAT.md), and hands the session to you. No dependencies, no network
 * calls of its own, and privacy by design: it records pointer positions, clicks, taps, scrolls,
 * cursor rests and window sizes only -- never keystrokes, text, form values or the page's DOM.
 * Of each click and tap it also keeps the element hit (its CSS selector, tag and box, never its
 * text) and how soon the page changed after it (a DOM change, scroll, input or navigation),
 * which is how session-viewer counts clicks per element and finds dead clicks.
 *
 *   <script src="session-recorder.js"></script>
 *   <script>
 *     SessionViewerRecorder.start({
 *       pageId: "pricing-desktop",            // the id of the page file made from your screenshot
 *       tags: {variant: "B"},                 // optional labels (text values)
 *       onSession: SessionViewerRecorder.post("/sessions"),   // or .download, or your function
 *     });
 *   </script>
 *
 * With SessionViewerRecorder.post(url) the session is uploaded in parts while the visitor is
 * on the page: a part every 10 s or 48 KB (under the browser's 64 KB limit for requests sent
 * as a page closes), each a session file with "part": {"index": k, "final": b}. Each part is
 * kept in localStorage until the server answers 2xx, retried with back-off when it does not,
 * and re-sent on the visitor's next page view if the tab closed first; the server stores every
 * part as its own file (e.g. <id>.<index>.session.json) and session-viewer joins them, saying
 * when one is missing. A hidden tab is a pause (a part is sent), not the end of the session.
 *
 * With any other onSession function, the whole session is handed over once: when the visitor
 * leaves (pagehide) or when you call recorder.stop(). Positions are page CSS pixels, as on a
 * full-page screenshot.
 */
(function (global) {
  "use strict";

  var KINDS = ["move", "click", "tap", "scroll", "dwell", "resize"];
  var MOVE = 0, CLICK = 1, TAP = 2, SCROLL = 3, DWELL = 4, RESIZE = 5;

  function randomId() {
    var bytes = new Uint8Array(9);
    (global.crypto || global.msCrypto).getRandomValues(bytes);
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += ("0" + bytes[i].toString(16)).slice(-2);
    return s;
  }

  function deviceOf(width) {
    var coarse = global.matchMedia && global.matchMedia("(pointer: coarse)").matches;
    if (!coarse) return "desktop";
    return width >= 768 ? "tablet" : "mobile";
  }

  function round1(v) {
    return Math.round(v * 10) / 10;
  }

  // The element a click hit, by the rules of session-viewer's rrweb import
  // (viewer/importers/rrweb_dom.py), so that an element has one selector whoever recorded it:
  // the nearest interactive ancestor, named by its id, else the shortest path of tags and
  // classes that the page's querySelectorAll finds alone.
  var INTERACTIVE = /^(a|button|input|select|textarea|label|summary|option|details|area)$/;
  var ROLES = /^(button|link|tab|menuitem|checkbox|radio|switch|option|treeitem|combobox)$/;
  var NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  var GENERATED_RE = /\d{4,}|^(css|sc|jsx|svelte|emotion)-/;  // hashes, not names
  var REACTION_WAIT_MS = 10000;  // the longest dead-click time session-viewer offers

  function usable(name) {
    return NAME_RE.test(name) && !GENERATED_RE.test(name) && name.length <= 60;
  }

  function tagOf(el) { return el.tagName.toLowerCase(); }

  function clickedElement(node) {
    var start = node && node.nodeType === 1 ? node : node && node.parentElement;
    for (var el = start, up = 0; el && up < 6; el = el.parentElement, up++) {
      var tag = tagOf(el);
      if (tag === "body" || tag === "html") break;
      if (INTERACTIVE.test(tag) || ROLES.test((el.getAttribute("role") || "").toLowerCase())) {
        return el;
      }
    }
    return start || null;
  }

  function step(el) {
    var tag = tagOf(el);
    var classes = (el.getAttribute("class") || "").split(/\s+/).filter(usable).slice(0, 2);
    var out = tag + classes.map(function (c) { return "." + c; }).join("");
    var same = 0, index = 0;
    for (var c = el.parentElement && el.parentElement.firstElementChild; c;
         c = c.nextElementSibling) {
      if (tagOf(c) === tag) {
        same++;
        if (c === el) index = same;
      }
    }
    return same > 1 ? out + ":nth-of-type(" + index + ")" : out;
  }

  function selectorOf(el) {
    var steps = [];
    for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
      var tag = tagOf(n);
      if (tag === "html" || tag === "body") break;
      if (n.id && usable(n.id)) {
        steps.push("#" + n.id);
        break;
      }
      steps.push(step(n));
    }
    steps.reverse();
    var chosen = steps;
    if (steps.length && steps[0].charAt(0) !== "#") {
      for (var k = steps.length - 1; k > 0; k--) {
        try {
          if (global.document.querySelectorAll(steps.slice(k).join(" > ")).length === 1) {
            chosen = steps.slice(k);
            break;
          }
        } catch (e) { /* not a selector this browser reads: keep the longer path */ }
      }
    }
    return chosen.join(" > ").slice(0, 300) || tagOf(el);
  }

  var STORE_PREFIX = "session-viewer-part:";
  var PART_BYTES = 48 * 1024;       // a part's body stays under the 64 KB keepalive limit
  var HOLD_BYTES = 56 * 1024;       // ... even while it waits for a click's reaction
  var PART_EVERY_MS = 10000;

  function storage() {
    try {
      var s = global.localStorage;
      s.setItem(STORE_PREFIX + "probe", "1");
      s.removeItem(STORE_PREFIX + "probe");
      return s;
    } catch (e) {
      return null;  // private mode or storage off: parts are still sent and retried
    }
  }

  /**
   * Sends parts to url and keeps each in localStorage until the server acknowledges it.
   * send(body, key, closing): closing is true while the page goes away (keepalive request).
   */
  function Uploader(url) {
    var store = storage();
    var retryMs = {};
    var inFlight = {};
    var self = this;

    function forget(key) {
      delete retryMs[key];
      delete inFlight[key];
      if (store) store.removeItem(key);
    }

    function attempt(key, body, closing) {
      if (inFlight[key]) return;
      inFlight[key] = true;
      var request;
      try {
        request = global.fetch(url, {method: "POST", body: body, keepalive: !!closing,
                                     headers: {"Content-Type": "application/json"}});
      } catch (e) {
        request = Promise.reject(e);
      }
      request.then(function (response) {
        if (response.ok) {
          forget(key);
        } else {
          throw new Error("HTTP " + response.status);
        }
      }).catch(function () {
        inFlight[key] = false;
        self.failures++;
        var wait = retryMs[key] = Math.min(60000, (retryMs[key] || 500) * 2);
        global.setTimeout(function () {
          var again = store ? store.getItem(key) : body;
          if (again != null) attempt(key, again, false);
        }, wait);
      });
    }

    this.failures = 0;
    this.pending = function () { return Object.keys(inFlight).length; };
    this.send = function (body, key, closing) {
      if (store) {
        try { store.setItem(key, body); } catch (e) { /* full: sent without a local copy */ }
      }
      if (closing && global.navigator.sendBeacon && !store) {
        // Without a local copy a beacon is the best chance; with one, a later visit re-sends.
        if (global.navigator.sendBeacon(url, new Blob([body], {type: "application/json"}))) {
          return;
        }
      }
      attempt(key, body, closing);
    };
    /** Parts of earlier page views that were never acknowledged: send them again. */
    this.resendStored = function () {
      if (!store) return;
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (key && key.indexOf(STORE_PREFIX) === 0 && key !== STORE_PREFIX + "probe") {
          attempt(key, store.getItem(key), false);
        }
      }
    };
  }

  /**
   * Start recording. Options:
   *   pageId       the page's id in your recordings folder (default: the URL's path)
   *   onSession    function(sessionDocument) called once at the end (default: download)
   *   tags         {name: "text"} labels stored with the session
   *   moveEveryMs  at most one move per this many ms (default 50)
   *   scrollEveryMs at most one scroll offset per this many ms, plus the last one (default 100)
   *   dwellMs      a cursor rest this long or longer is a dwell (default 500)
   *   autoStop     hand the session over when the visitor leaves (default true)
   * Returns {stop(), session(), id}.
   */
  function start(options) {
    options = options || {};
    var doc = global.document;
    var perf = global.performance;
    var onSession = options.onSession || download;
    var uploader = onSession && onSession.uploadUrl ? new Uploader(onSession.uploadUrl) : null;
    var moveEvery = options.moveEveryMs != null ? options.moveEveryMs : 50;
    var scrollEvery = options.scrollEveryMs != null ? options.scrollEveryMs : 100;
    var dwellMs = options.dwellMs != null ? options.dwellMs : 500;
    var tags = {};
    var key;
    for (key in options.tags || {}) tags[key] = String(options.tags[key]);
    var pageId = options.pageId || global.location.pathname.replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "home";

    var t0 = perf.now();
    var started = new Date();
    var id = randomId();
    var viewport = [global.innerWidth, global.innerHeight];
    var cols = {t: [], kind: [], x: [], y: [], value: [], fact: []};
    var stopped = false;
    var lastMoveT = -Infinity, pendingMove = null, moveTimer = null;
    var lastScrollT = -Infinity, scrollTimer = null;
    var rest = null;          // {t, x, y}: where the cursor is resting since t
    var lastTap = null;       // {t, x, y}: to drop the click a browser makes up after a tap
    var touchDown = null;     // {t, x, y, moved}
    var sent = 0;             // events already sent in earlier parts
    var partIndex = 0;
    var partBytes = 0;        // a running estimate of the unsent events' JSON size
    var partTimer = null;
    var elements = [], elementIndex = {};  // the elements clicked, and their index by selector
    var waiting = [];         // clicks whose page has not reacted yet
    var observer = null;      // watches the DOM while a click waits for its reaction

    function now() {
      return Math.max(0, Math.round(perf.now() - t0));
    }

    function push(t, kind, x, y, value, fact) {
      cols.fact.push(fact || null);
      cols.t.push(t);
      cols.kind.push(kind);
      cols.x.push(round1(x));
      cols.y.push(round1(y));
      cols.value.push(value || 0);
      if (uploader) {
        partBytes += 40;  // "t,kind,x,y,value" of one event: at most about 40 bytes of JSON
        if (partBytes >= PART_BYTES) sendPart(false, false);
      }
    }

    /** The element a click or tap hit (its box in page px now) and, later, its reaction. */
    function clickFact(node, t) {
      var fact = {element: -1, t: t, reaction: null};
      var el = clickedElement(node);
      if (el && el.getBoundingClientRect) {
        var selector = selectorOf(el);
        if (!(selector in elementIndex)) {
          var r = el.getBoundingClientRect();
          var sx = global.scrollX || 0, sy = global.scrollY || 0;
          elementIndex[selector] = elements.length;
          elements.push({selector: selector, tag: tagOf(el),
                         box: [round1(r.left + sx), round1(r.top + sy),
                               round1(r.width), round1(r.height)]});
        }
        fact.element = elementIndex[selector];
      }
      waiting.push(fact);
      if (!observer && global.MutationObserver) {
        observer = new global.MutationObserver(function () { reacted(); });
        observer.observe(doc.documentElement,
                         {childList: true, subtree: true, attributes: true, characterData: true});
      }
      return fact;
    }

    /** The page changed: every click still waiting has its reaction. */
    function reacted() {
      var t = now();
      for (var i = 0; i < waiting.length; i++) {
        if (t - waiting[i].t <= REACTION_WAIT_MS) waiting[i].reaction = Math.max(0, t - waiting[i].t);
      }
      waiting = [];
      if (observer) observer.disconnect();
      observer = null;
      if (uploader && partBytes >= PART_BYTES) sendPart(false, false);  // a part held for it
    }

    /** Clicks waited for longer than any dead-click time: nothing followed them. */
    function expire(t) {
      while (waiting.length && t - waiting[0].t > REACTION_WAIT_MS) waiting.shift();
      if (!waiting.length && observer) {
        observer.disconnect();
        observer = null;
      }
    }

    function endRest(t) {
      if (rest && t - rest.t >= dwellMs) push(rest.t, DWELL, rest.x, rest.y, t - rest.t);
      rest = null;
    }

    function pointerAt(t, x, y) {
      endRest(t);
      rest = {t: t, x: x, y: y};
    }

    function flushMove() {
      if (pendingMove) {
        push(pendingMove.t, MOVE, pendingMove.x, pendingMove.y, 0);
        lastMoveT = pendingMove.t;
        pendingMove = null;
      }
      moveTimer = null;
    }

    function onMouseMove(e) {
      if (e.pointerType && e.pointerType !== "mouse") return;
      var t = now();
      pointerAt(t, e.pageX, e.pageY);
      pendingMove = {t: t, x: e.pageX, y: e.pageY};
      if (t - lastMoveT >= moveEvery) {
        flushMove();
      } else if (!moveTimer) {
        // The last position of a burst is kept: a cursor is where it stopped.
        moveTimer = global.setTimeout(flushMove, moveEvery - (t - lastMoveT));
      }
    }

    function onClick(e) {
      var t = now();
      if (lastTap && t - lastTap.t < 800 && Math.abs(e.pageX - lastTap.x) < 30 &&
          Math.abs(e.pageY - lastTap.y) < 30) {
        return;  // the click the browser makes up for a tap
      }
      flushMove();
      pointerAt(t, e.pageX, e.pageY);
      push(t, CLICK, e.pageX, e.pageY, e.button || 0, clickFact(e.target, t));
    }

    function onTouchStart(e) {
      var touch = e.touches && e.touches[0];
      if (!touch || e.touches.length > 1) {
        touchDown = null;
        return;
      }
      touchDown = {t: now(), x: touch.pageX, y: touch.pageY, moved: false, target: e.target};
    }

    function onTouchMove(e) {
      var touch = e.touches && e.touches[0];
      if (!touch) return;
      var t = now();
      if (touchDown && (Math.abs(touch.pageX - touchDown.x) > 10 ||
                        Math.abs(touch.pageY - touchDown.y) > 10)) {
        touchDown.moved = true;
      }
      if (t - lastMoveT >= moveEvery) {
        push(t, MOVE, touch.pageX, touch.pageY, 0);
        lastMoveT = t;
      }
    }

    function onTouchEnd() {
      // A tap is a touch that neither moved nor lasted: a swipe or a long press is not one.
      if (touchDown && !touchDown.moved && now() - touchDown.t < 600) {
        push(touchDown.t, TAP, touchDown.x, touchDown.y, 0,
             clickFact(touchDown.target, touchDown.t));
        lastTap = {t: now(), x: touchDown.x, y: touchDown.y};
      }
      touchDown = null;
    }

    function recordScroll() {
      scrollTimer = null;
      var t = now();
      endRest(t);  // the page moved under the cursor: the rest is over
      push(t, SCROLL, global.scrollX || global.pageXOffset || 0,
           global.scrollY || global.pageYOffset || 0, 0);
      lastScrollT = t;
    }

    function onScroll() {
      var t = now();
      if (waiting.length) reacted();
      if (t - lastScrollT >= scrollEvery) {
        recordScroll();
      } else if (!scrollTimer) {
        scrollTimer = global.setTimeout(recordScroll, scrollEvery - (t - lastScrollT));
      }
    }

    function onResize() {
      push(now(), RESIZE, global.innerWidth, global.innerHeight, 0);
    }

    function onLeave(e) {
      if (waiting.length) reacted();  // leaving the page (a link followed) answers the click
      if (e.type === "pagehide") {
        if (uploader && e.persisted) {
          sendPart(false, true);  // kept in the back/forward cache: it may come back
        } else {
          stop();
        }
      } else if (doc.visibilityState === "hidden") {
        // A hidden tab is a pause, not an end: what was recorded so far is sent now (the tab
        // may never be shown again), and recording goes on if it is.
        flushMove();
        endRest(now());
        if (uploader) sendPart(false, true);
        else if (options.stopWhenHidden) stop();
      }
    }

    /** Send the events recorded since the last part (the final one when the session ends). */
    function sendPart(final, closing) {
      if (!uploader || (stopped && !final)) return;
      var n = cols.t.length;
      expire(now());
      if (!final && waiting.length && partBytes < HOLD_BYTES) {
        // A part waits while a click in it waits for the page's reaction (sent now, the
        // click would arrive as a dead one): for at most REACTION_WAIT_MS, or until the part
        // nears the size a closing page may still send.
        if (cols.fact.indexOf(waiting[0], sent) >= 0) return;
      }
      if (n === sent && !final) return;
      var body = session(sent, n);
      body.part = {index: partIndex, final: !!final};
      uploader.send(JSON.stringify(body), STORE_PREFIX + id + ":" + partIndex, closing);
      partIndex++;
      sent = n;
      partBytes = 0;
    }

    var listeners = [
      [doc, "mousemove", onMouseMove],
      [doc, "click", onClick],
      [doc, "touchstart", onTouchStart],
      [doc, "touchmove", onTouchMove],
      [doc, "touchend", onTouchEnd],
      [global, "scroll", onScroll],
      [global, "resize", onResize],
      [doc, "input", function () { if (waiting.length) reacted(); }],  // timing only, no value
      [global, "hashchange", function () { if (waiting.length) reacted(); }],
    ];
    if (options.autoStop !== false) {
      listeners.push([global, "pagehide", onLeave], [doc, "visibilitychange", onLeave]);
    }
    for (var i = 0; i < listeners.length; i++) {
      listeners[i][0].addEventListener(listeners[i][1], listeners[i][2],
                                       {capture: true, passive: true});
    }
    // Where the page was scrolled when recording began.
    push(0, SCROLL, global.scrollX || 0, global.scrollY || 0, 0);
    if (uploader) {
      uploader.resendStored();
      partTimer = global.setInterval(function () { sendPart(false, false); }, PART_EVERY_MS);
    }

    /** The session document (of events from..to, for a part; all of them by default). */
    function session(from, to) {
      from = from || 0;
      to = to == null ? cols.t.length : to;
      var order = [];
      for (var i = from; i < to; i++) order.push(i);
      order.sort(function (a, b) { return cols.t[a] - cols.t[b] || a - b; });
      function pick(name) { return order.map(function (i) { return cols[name][i]; }); }
      var duration = now();
      var clicks = {elements: [], element: [], reaction: []}, local = {};
      order.forEach(function (i) {
        var f = cols.fact[i];
        if (!f) return;  // only clicks and taps have facts
        if (f.element >= 0 && !(f.element in local)) {
          local[f.element] = clicks.elements.length;
          clicks.elements.push(elements[f.element]);
        }
        clicks.element.push(f.element >= 0 ? local[f.element] : -1);
        clicks.reaction.push(f.reaction);
      });
      var out = {
        format: "session-viewer",
        version: 1,
        type: "session",
        id: id,
        page: pageId,
        start: started.toISOString(),
        device: deviceOf(viewport[0]),
        viewport: viewport,
        duration: duration,
        tags: tags,
        events: {kinds: KINDS, t: pick("t"), kind: pick("kind"), x: pick("x"), y: pick("y"),
                 value: pick("value")},
      };
      if (clicks.element.length) out.clicks = clicks;
      return out;
    }

    function stop() {
      if (stopped) return null;
      stopped = true;
      if (moveTimer) global.clearTimeout(moveTimer);
      if (scrollTimer) global.clearTimeout(scrollTimer);
      if (partTimer) global.clearInterval(partTimer);
      if (observer) observer.disconnect();
      flushMove();
      endRest(now());
      for (var i = 0; i < listeners.length; i++) {
        listeners[i][0].removeEventListener(listeners[i][1], listeners[i][2], {capture: true});
      }
      var result = session();
      if (uploader) {
        sendPart(true, true);
      } else {
        onSession(result);
      }
      return result;
    }

    return {
      id: id,
      stop: stop,
      session: function () { return session(); },
      /** Parts handed to the server and not yet acknowledged (0 once all arrived). */
      unacknowledged: function () { return uploader ? uploader.pending() : 0; },
      failedTries: function () { return uploader ? uploader.failures : 0; },
    };
  }

  /** Save a session as a file in the visitor's downloads (for tests on your own machine). */
  function download(session) {
    var blob = new Blob([JSON.stringify(session)], {type: "application/json"});
    var a = global.document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = session.id + ".session.json";
    global.document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /**
   * Upload to your own endpoint: each part of the session is POSTed as JSON to url while the
   * visitor is on the page (see the header). Answer 2xx once a part is stored; anything else
   * makes the recorder try again later.
   */
  function post(url) {
    var upload = function () {};
    upload.uploadUrl = url;
    return upload;
  }

  global.SessionViewerRecorder = {start: start, download: download, post: post, version: 2};
})(typeof window !== "undefined" ? window : this);
