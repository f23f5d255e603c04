/* Search the handbook. Served over http(s) with a Pagefind index, Pagefind answers (Chinese word
   segmentation, ranking, hits per heading). Opened from a folder or share (file://), or built without
   the index, a substring search over assets/search-data.js answers instead: browsers do not let a
   file:// page load Pagefind's modules, but they do load a plain script. Nothing leaves the site. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = new URL(".", document.location.href); // search.html sits at the site root
  var wantPagefind = document.body.getAttribute("data-search-index") === "pagefind" &&
    /^https?:$/.test(document.location.protocol);
  var pagefind = null;
  var pages = null;
  var serial = 0;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function highlight(text, words) {
    var lower = text.toLowerCase();
    var marks = [];
    words.forEach(function (w) {
      var at = lower.indexOf(w);
      while (at !== -1) { marks.push([at, at + w.length]); at = lower.indexOf(w, at + w.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      out += escapeHtml(text.slice(pos, m[0])) + "<mark>" + escapeHtml(text.slice(m[0], m[1])) + "</mark>";
      pos = m[1];
    });
    return out + escapeHtml(text.slice(pos));
  }

  function excerpt(text, words) {
    var lower = text.toLowerCase();
    var at = -1;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i !== -1 && (at === -1 || i < at)) { at = i; } });
    if (at === -1) { at = 0; }
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + 60);
    return (start > 0 ? "…" : "") + highlight(text.slice(start, end), words) + (end < text.length ? "…" : "");
  }

  function count(haystack, word) {
    var n = 0, at = haystack.indexOf(word);
    while (at !== -1) { n += 1; at = haystack.indexOf(word, at + word.length); }
    return n;
  }

  function loadPages() {
    if (pages) { return Promise.resolve(pages); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL("assets/search-data.js", root).href;
      script.onload = function () { pages = window.HANDBOOK_SEARCH || []; resolve(pages); };
      script.onerror = function () { reject(new Error("search data missing")); };
      document.head.appendChild(script);
    });
  }

  /* Substring search: every word must occur in a section; a page's sections are its hits. */
  function searchData(query) {
    var words = terms(query);
    return loadPages().then(function (data) {
      var byPage = {};
      var order = [];
      data.forEach(function (row) {
        var url = row[0], title = row[1], kind = row[2], short = row[3], heading = row[4], text = row[5];
        var hay = (title + " " + heading + " " + text).toLowerCase();
        if (!words.every(function (w) { return hay.indexOf(w) !== -1; })) { return; }
        var score = 0;
        words.forEach(function (w) {
          score += count(text.toLowerCase(), w) + 10 * count(heading.toLowerCase(), w) + 20 * count(title.toLowerCase(), w);
        });
        var page = url.split("#")[0];
        if (!byPage[page]) { byPage[page] = { url: page, title: title, kind: kind, short: short, score: 0, subs: [] }; order.push(page); }
        var hit = byPage[page];
        hit.score = Math.max(hit.score, score) + 0.1;
        hit.subs.push({ url: url, title: heading, score: score, excerpt: excerpt(text || heading, words) });
      });
      return order.map(function (p) { return byPage[p]; }).sort(function (a, b) {
        return b.score - a.score || (a.url < b.url ? -1 : 1);
      }).map(function (hit) {
        hit.subs.sort(function (a, b) { return b.score - a.score; });
        var top = hit.subs[0];
        return {
          url: new URL(hit.url, root).href, title: hit.title, kind: hit.kind, short: hit.short,
          excerpt: top.excerpt,
          subs: hit.subs.filter(function (s) { return s.url.indexOf("#") !== -1; }).map(function (s) {
            return { url: new URL(s.url, root).href, title: s.title, excerpt: s.excerpt };
          })
        };
      });
    });
  }

  /* Pagefind lists a page's sub-results in page order; show the ones that match best. */
  function bestSubs(subs, query) {
    var words = terms(query);
    function weight(s) {
      var inTitle = words.some(function (w) { return s.title.toLowerCase().indexOf(w) !== -1; }) ? 1000 : 0;
      return inTitle + (s.locations ? s.locations.length : 0);
    }
    return subs.filter(function (s) { return s.url.indexOf("#") !== -1; })
      .map(function (s, i) { return { s: s, w: weight(s), i: i }; })
      .sort(function (a, b) { return b.w - a.w || a.i - b.i; })
      .map(function (x) { return x.s; });
  }

  function searchPagefind(query) {
    var ready = pagefind ? Promise.resolve(pagefind) : import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: root.pathname, excerptLength: 36 }).then(function () { return pagefind; });
    });
    return ready.then(function (pf) { return pf.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); }));
    }).then(function (items) {
      return items.map(function (d) {
        return {
          url: d.url, title: d.meta.title, kind: d.meta.kind || "", short: d.meta.short || "",
          excerpt: d.excerpt,
          subs: bestSubs(d.sub_results || [], query)
        };
      });
    });
  }

  function show(query, hits) {
    list.innerHTML = "";
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      var html = hit.kind ? '<span class="hit-kind">' + escapeHtml(hit.kind) + "</span>" : "";
      html += '<a class="hit-title" href="' + escapeHtml(hit.url) + '">' + escapeHtml(hit.title) + "</a>";
      html += '<p class="hit-text">' + hit.excerpt + "</p>";
      function sub(s) {
        var label = /^第/.test(s.title) ? hit.short + s.title : s.title; /* 民法典第一百八十八条 */
        return '<li><a href="' + escapeHtml(s.url) + '">' + escapeHtml(label) + "</a>" +
          '<p class="hit-text">' + s.excerpt + "</p></li>";
      }
      if (hit.subs.length) {
        html += "<ul>" + hit.subs.slice(0, 3).map(sub).join("") + "</ul>";
      }
      if (hit.subs.length > 3) {
        html += '<details class="more-hits"><summary>本页其余 ' + (hit.subs.length - 3) + " 处</summary><ul>" +
          hit.subs.slice(3).map(sub).join("") + "</ul></details>";
      }
      item.innerHTML = html;
      list.appendChild(item);
    });
    status.textContent = hits.length ? "“" + query + "”：找到 " + hits.length + " 个页面" : "没有找到“" + query + "”。换个说法试试，或从首页按目录查找。";
  }

  function run(query) {
    query = query.trim();
    var mine = ++serial;
    if (!query) { list.innerHTML = ""; status.textContent = ""; return; }
    status.textContent = "正在搜索……";
    var engine = wantPagefind ? searchPagefind(query).catch(function () { wantPagefind = false; return searchData(query); }) : searchData(query);
    engine.then(function (hits) { if (mine === serial) { show(query, hits); } }, function () {
      if (mine === serial) { status.textContent = "搜索暂时不可用：搜索数据没有找到。"; }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(document.location.href);
    url.searchParams.set("q", input.value);
    if (document.location.protocol !== "file:") { window.history.replaceState(null, "", url.href); }
    run(input.value);
  });
  var initial = new URL(document.location.href).searchParams.get("q") || "";
  input.value = initial;
  if (initial) { run(initial); }
})();
