// Admin user form: the scope picker follows the chosen role (a facility for training staff, a
// Bapas for officers, an LSP for assessors, an employer for employers; none for admin/Kemnaker),
// and the NIP field shows for Bapas officers only. Without JavaScript every group stays visible
// and the server checks that the scope fits the role.
(function () {
  "use strict";
  var role = document.getElementById("u-role");
  var scope = document.getElementById("u-scope");
  var label = document.getElementById("u-scope-label");
  if (!role || !scope) return;
  function apply() {
    var option = role.options[role.selectedIndex];
    var kind = option ? option.getAttribute("data-scope") || "" : "";
    var groups = scope.querySelectorAll("optgroup[data-kind]");
    for (var i = 0; i < groups.length; i++) {
      var on = groups[i].getAttribute("data-kind") === kind;
      groups[i].hidden = !on;
      groups[i].disabled = !on;
    }
    var chosen = scope.options[scope.selectedIndex];
    if (chosen && chosen.parentNode && chosen.parentNode.disabled) scope.value = "";
    scope.disabled = kind === "";
    if (label) label.textContent = label.getAttribute(kind ? "data-" + kind : "data-none") || label.textContent;
    var only = document.querySelectorAll(".role-only[data-role]");
    for (var j = 0; j < only.length; j++) only[j].hidden = only[j].getAttribute("data-role") !== role.value;
  }
  role.addEventListener("change", apply);
  apply();
})();
