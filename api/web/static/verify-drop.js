// Drag-and-drop for the credential file on /verify: a file dropped on the zone is put into the
// form's file input and the form is sent (the check runs on the server; the file is not kept).
// Without JavaScript the file input works the same.
(function () {
  "use strict";
  var zone = document.getElementById("vc-drop");
  var input = document.getElementById("vc-file");
  if (!zone || !input || !input.form) return;
  function stop(e) { e.preventDefault(); e.stopPropagation(); }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { stop(e); zone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (e) { stop(e); zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    input.form.submit();
  });
  input.addEventListener("change", function () { if (input.files && input.files.length) input.form.submit(); });
})();
