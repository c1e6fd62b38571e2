// Regency select follows the province select (progressive enhancement; without JavaScript the page
// lists the regencies of the province it was loaded with). A <select data-regencies-of="province">
// is refilled from /api/v1/regencies?province_code= when the form's province select changes.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-regencies-of]");
  Array.prototype.forEach.call(selects, function (target) {
    var form = target.form;
    var source = form && form.elements[target.getAttribute("data-regencies-of")];
    if (!source) return;
    var fallback = target.getAttribute("data-default-province") || "";
    source.addEventListener("change", function () {
      var province = source.value || fallback;
      var first = target.options[0];  // "Semua"
      fetch("/api/v1/regencies" + (province ? "?province_code=" + encodeURIComponent(province) : ""),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (list) {
          while (target.options.length) target.remove(0);
          target.add(first);
          list.forEach(function (r) { target.add(new Option(r.name, r.code)); });
          target.value = "";
        })
        .catch(function () { /* keep the current options; the server checks the choice */ });
    });
  });
})();
