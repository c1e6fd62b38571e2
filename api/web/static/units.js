// Search-as-you-type for required competency units: calls /api/v1/units?q= (same-origin, session
// cookie) and keeps the hidden comma-separated field #required_units in sync with the chosen chips.
(function () {
  "use strict";
  var search = document.getElementById("unit-search");
  var results = document.getElementById("unit-results");
  var chosen = document.getElementById("unit-chosen");
  var field = document.getElementById("required_units");
  if (!search || !results || !chosen || !field) return;
  var timer = null;

  function codes() {
    return field.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function setCodes(list) { field.value = list.join(","); }

  function chip(code, title) {
    var li = document.createElement("li");
    li.setAttribute("data-code", code);
    var c = document.createElement("code");
    c.textContent = code;
    li.appendChild(c);
    li.appendChild(document.createTextNode(" " + title + " "));
    var b = document.createElement("button");
    b.type = "button"; b.className = "link"; b.textContent = "×";
    b.setAttribute("data-remove", code);
    b.setAttribute("aria-label", "hapus " + code);
    li.appendChild(b);
    return li;
  }

  function add(code, title) {
    var list = codes();
    if (list.indexOf(code) === -1) {
      list.push(code); setCodes(list); chosen.appendChild(chip(code, title));
    }
    results.innerHTML = ""; search.value = ""; search.focus();
  }

  chosen.addEventListener("click", function (e) {
    var code = e.target.getAttribute && e.target.getAttribute("data-remove");
    if (!code) return;
    setCodes(codes().filter(function (c) { return c !== code; }));
    var li = e.target.closest("li"); if (li) li.remove();
  });

  function show(units) {
    results.innerHTML = "";
    units.forEach(function (u) {
      var li = document.createElement("li");
      li.setAttribute("role", "option"); li.tabIndex = 0; li.className = "unit-option";
      li.setAttribute("data-code", u.code);
      var c = document.createElement("code"); c.textContent = u.code;
      li.appendChild(c); li.appendChild(document.createTextNode(" " + u.title));
      li.addEventListener("click", function () { add(u.code, u.title); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); add(u.code, u.title); } });
      results.appendChild(li);
    });
  }

  search.addEventListener("input", function () {
    clearTimeout(timer);
    var q = search.value.trim();
    if (q.length < 2) { results.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch("/api/v1/units?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(show)
        .catch(function () { results.innerHTML = ""; });
    }, 200);
  });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
})();
