/* gkml 专栏搜索：在浏览器中查找政务事项和政府信息，不需要服务器。
 * The index (search-index.js) maps every character bigram of a name to the
 * entries containing it; a query's bigrams are looked up and intersected,
 * then each candidate is checked to contain the whole query. A one-character
 * query scans the names. Names and queries are normalised alike (see
 * src/site/search.rs): ASCII in lower case, full-width ASCII as half-width,
 * white space dropped. */
(function () {
  "use strict";
  var index = window.GKML_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !form || !input || !status || !list) { return; }
  var LIMIT = 200;
  // What is searched, and the word for each kind of entry (from the index:
  // a pilot site finds 政务事项/政府信息, a national one 一级/二级事项).
  var what = index.what || "政务事项或政府信息";
  var kinds = index.kinds || ["政务事项", "政府信息"];

  function normalize(s) {
    var out = [];
    Array.from(s).forEach(function (ch) {
      if (/\s/.test(ch)) { return; }
      var c = ch.codePointAt(0);
      if (c >= 0xFF01 && c <= 0xFF5E) { ch = String.fromCodePoint(c - 0xFEE0); }
      if (ch >= "A" && ch <= "Z") { ch = ch.toLowerCase(); }
      out.push(ch);
    });
    return out;
  }

  var names = null;
  function normalizedName(i) {
    if (!names) { names = new Array(index.entries.length); }
    if (names[i] === undefined) { names[i] = normalize(index.entries[i][1]).join(""); }
    return names[i];
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }

  function find(query) {
    var q = normalize(query);
    if (q.length === 0) { return []; }
    var text = q.join("");
    var candidates;
    if (q.length === 1) {
      candidates = index.entries.map(function (_, i) { return i; });
    } else {
      for (var k = 0; k + 1 < q.length; k++) {
        var postings = index.grams[q[k] + q[k + 1]];
        if (!postings) { return []; }
        candidates = candidates ? intersect(candidates, postings) : postings;
        if (candidates.length === 0) { return []; }
      }
    }
    return candidates.filter(function (i) { return normalizedName(i).indexOf(text) >= 0; });
  }

  function show(query) {
    list.textContent = "";
    if (normalize(query).length === 0) { status.textContent = ""; return; }
    var hits = find(query);
    status.textContent = hits.length === 0
      ? "没有找到名称含“" + query + "”的" + what + "。"
      : "找到 " + hits.length + " 条" + (hits.length > LIMIT ? "，显示前 " + LIMIT + " 条" : "") + "。";
    hits.slice(0, LIMIT).forEach(function (i) {
      var e = index.entries[i];
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "tag";
      kind.textContent = kinds[e[0]] || "";
      var a = document.createElement("a");
      a.href = e[2];
      a.textContent = e[1];
      var place = document.createElement("span");
      place.className = "place";
      place.textContent = e[3];
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      li.appendChild(place);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  show(initial);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    show(input.value);
  });
}());
