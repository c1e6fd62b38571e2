// The header bell: the signed-in user's unread notifications (api/notifications/pages.py).
(function () {
  var bell = document.querySelector("a.bell[data-unread-url]");
  if (!bell || !window.fetch) return;
  var count = bell.querySelector(".bell-count");
  fetch(bell.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data || !data.unread) return;
      count.textContent = data.unread > 99 ? "99+" : String(data.unread);
      count.hidden = false;
      bell.setAttribute("aria-label", bell.textContent.trim().replace(/\s+\S+$/, "") + " (" + data.unread + ")");
    })
    .catch(function () {});
})();
