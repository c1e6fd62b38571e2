// A "print" button (data-print) that opens the browser's print dialog; inline handlers are not
// allowed by the Content-Security-Policy (script-src 'self').
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.closest && target.closest("[data-print]")) window.print();
});
