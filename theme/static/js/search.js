/*
 * Kamervragen Archief search page: form, URL state, results. The index lives in a Web Worker
 * (search-worker.js) so loading and querying never block typing. All result text is set with
 * textContent, never as HTML: letters can contain anything, including "<script>".
 */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root) { return; }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var also = document.getElementById("search-also");
  var selects = {
    jaar: document.getElementById("search-jaar"),
    ministerie: document.getElementById("search-ministerie"),
    partij: document.getElementById("search-partij"),
  };
  var FILTERS = ["jaar", "ministerie", "partij"];
  var PAGE = 10;
  var siteRoot = root.getAttribute("data-site") || "/";
  var fieldNames = { answer: "antwoord", question: "vraag", footnotes: "voetnoot" };

  var baseTitle = document.title;
  var ready = false;
  var loadedText = "";
  var seq = 0;
  var limit = PAGE;
  var typingTimer = null;

  function say(text) { status.textContent = text; }

  if (!window.Worker || !window.URLSearchParams || !window.history.pushState) {
    say("Zoeken werkt niet in deze browser. Blader via de overzichten in het menu.");
    return;
  }

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "" };
    FILTERS.forEach(function (f) { state[f] = params.get(f) || ""; });
    return state;
  }

  function stateFromForm() {
    var state = { q: input.value };
    FILTERS.forEach(function (f) { state[f] = selects[f].value; });
    return state;
  }

  function showState(state) {
    input.value = state.q;
    FILTERS.forEach(function (f) {
      var select = selects[f];
      if (ready && state[f] && !Array.prototype.some.call(select.options, function (o) {
        return o.value === state[f];
      })) {
        // A shared link may name a value this build has no pairs for: keep it visible.
        select.appendChild(new Option(state[f] + " (0)", state[f]));
      }
      select.value = state[f];
    });
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    if (state.q.trim()) { params.set("q", state.q.trim()); }
    FILTERS.forEach(function (f) { if (state[f]) { params.set(f, state[f]); } });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  /*
   * History: the first keystroke of a new search adds an entry and further typing updates
   * it; submitting, changing a filter or pausing (SETTLE_MS) settles it. So Back returns to
   * the previous search, not to every prefix typed on the way.
   */
  var SETTLE_MS = 1500;
  var typingEntry = false;
  var typedAt = 0;
  function remember(typing) {
    var url = urlFor(stateFromForm());
    var now = Date.now();
    if (typing && now - typedAt > SETTLE_MS) { typingEntry = false; }
    if (url !== window.location.pathname + window.location.search) {
      if (typingEntry) { window.history.replaceState(null, "", url); }
      else { window.history.pushState(null, "", url); }
    }
    typingEntry = typing;
    typedAt = now;
  }

  var worker = new Worker(root.getAttribute("data-worker"));
  say("Zoekindex wordt geladen…");
  list.setAttribute("aria-busy", "true");
  worker.postMessage({
    type: "load",
    manifest: new URL(root.getAttribute("data-manifest"), window.location.href).href,
  });

  function run() {
    if (!ready) { return; }
    var state = stateFromForm();
    seq += 1;
    worker.postMessage({
      type: "search", seq: seq, q: state.q,
      filters: { jaar: state.jaar, ministerie: state.ministerie, partij: state.partij },
      limit: limit,
    });
  }

  function fillFilters(facets) {
    [["jaar", facets.year], ["ministerie", facets.ministry], ["partij", facets.party]]
      .forEach(function (pair) {
        pair[1].forEach(function (value) {
          selects[pair[0]].appendChild(new Option(value[0] + " (" + value[1] + ")", value[0]));
        });
      });
  }

  function marked(parent, segments) {
    segments.forEach(function (segment) {
      if (segment[1]) {
        var mark = document.createElement("mark");
        mark.textContent = segment[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(segment[0]));
      }
    });
    return parent;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function renderResult(r) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a", null, (r.subject || "Brief " + r.id) + " – vraag " + r.label);
    link.href = siteRoot + r.ref;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [r.id, r.date, r.ministry].filter(Boolean).join(" · ");
    item.appendChild(element("p", "search-result-meta", meta));
    if (r.question.length) {
      var q = element("p", "search-result-question");
      q.appendChild(element("span", "search-result-label", "Vraag: "));
      item.appendChild(marked(q, r.question));
    }
    if (r.snippet.length) {
      var s = element("p", "search-result-snippet");
      var field = fieldNames[r.snippetField] || "antwoord";
      s.appendChild(element("span", "search-result-label",
        field.charAt(0).toUpperCase() + field.slice(1) + ": "));
      item.appendChild(marked(s, r.snippet));
    }
    return item;
  }

  function describeSearch(state) {
    var parts = [];
    if (state.q.trim()) { parts.push("voor „" + state.q.trim() + "”"); }
    if (state.jaar) { parts.push("in " + state.jaar); }
    if (state.ministerie) { parts.push("van " + state.ministerie); }
    if (state.partij) { parts.push("van " + state.partij); }
    return parts.join(" ");
  }

  function render(msg) {
    list.removeAttribute("aria-busy");
    list.replaceChildren();
    var state = stateFromForm();
    if (msg.error) {
      also.hidden = true;
      say("Deze zoekopdracht klopt niet: " + msg.error + ". Zie „Zo zoekt u” hieronder.");
      more.hidden = true;
      return;
    }
    if (!state.q.trim() && !state.jaar && !state.ministerie && !state.partij) {
      document.title = baseTitle;
      also.hidden = true;
      say(loadedText + "Typ een of meer woorden om te zoeken.");
      more.hidden = true;
      return;
    }
    var fragment = document.createDocumentFragment();
    msg.results.forEach(function (r) { fragment.appendChild(renderResult(r)); });
    list.appendChild(fragment);
    var what = describeSearch(state);
    // The title names the search, so history and bookmarks tell searches apart.
    document.title = what.replace(/^voor /, "") + " – " + baseTitle;
    also.hidden = !msg.also.length;
    also.textContent = msg.also.length ? "Ook gezocht op: " + msg.also.join(", ") : "";
    if (msg.note === "stopwords") {
      say("Geen resultaten: woorden als „de”, „het” en „van” komen overal voor en worden " +
        "niet doorzocht. Voeg een specifieker woord toe.");
    } else if (msg.total === 0) {
      say("Geen resultaten " + what + ".");
    } else if (msg.total > msg.results.length) {
      say(msg.total + " resultaten " + what + "; de eerste " + msg.results.length + " staan hieronder.");
    } else {
      say(msg.total + (msg.total === 1 ? " resultaat " : " resultaten ") + what + ".");
    }
    more.hidden = msg.total <= msg.results.length;
  }

  worker.onmessage = function (event) {
    var msg = event.data;
    if (msg.type === "ready") {
      fillFilters(msg.facets);
      ready = true;
      showState(stateFromUrl());
      // Load timings for the benchmark: in the worker, and since navigation started.
      root.setAttribute("data-ready", String(Math.round(msg.ms)));
      root.setAttribute("data-ready-at", String(Math.round(window.performance.now())));
      loadedText = "Zoekindex geladen: " + msg.pairs + " vragen met hun antwoorden. ";
      say(loadedText);
      list.removeAttribute("aria-busy");
      run();
    } else if (msg.type === "results" && msg.seq === seq) {
      render(msg);
      // Timings for the benchmark (bench/search_bench.py) and for anyone curious.
      root.setAttribute("data-ms", msg.ms.toFixed(2));
      root.setAttribute("data-lunr-ms", msg.lunrMs.toFixed(2));
      root.setAttribute("data-bytes", String(msg.bytes));
      root.setAttribute("data-files", String(msg.files));
      root.setAttribute("data-bytes-by-kind", JSON.stringify(msg.byKind || {}));
      root.setAttribute("data-seq", String(msg.seq));
    } else if (msg.type === "failed") {
      list.removeAttribute("aria-busy");
      say("De zoekindex kon niet worden geladen (" + msg.message + "). Blader via de overzichten.");
    }
  };
  worker.onerror = function () {
    say("Zoeken is mislukt door een fout in de browser. Blader via de overzichten.");
  };

  showState(stateFromUrl());

  input.addEventListener("input", function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      limit = PAGE;
      remember(true);
      run();
    }, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    limit = PAGE;
    remember(false);
    run();
  });
  FILTERS.forEach(function (f) {
    selects[f].addEventListener("change", function () {
      limit = PAGE;
      remember(false);
      run();
    });
  });
  more.addEventListener("click", function () {
    limit += PAGE;
    run();
  });
  window.addEventListener("popstate", function () {
    typingEntry = false;
    showState(stateFromUrl());
    limit = PAGE;
    run();
  });
})();
