/* The hall: speaker countdowns (the server keeps the start time; the page counts down,
   corrected for the difference between the server's clock and this computer's), and the
   presidium's queue (drag and drop, Alt+Up/Down). */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll(".countdown[data-ends]").forEach(function (el) {
      if (!el.dataset.ends) return;
      if (el._offset === undefined) {
        el._offset = el.dataset.now ? Date.parse(el.dataset.now) - Date.now() : 0;
      }
      var left = Math.round((Date.parse(el.dataset.ends) - (Date.now() + el._offset)) / 1000);
      var neg = left < 0, a = Math.abs(left);
      el.textContent = (neg ? "+" : "") + Math.floor(a / 60) + ":" + pad(a % 60);
      el.classList.toggle("over", neg);
      el.classList.toggle("last", !neg && left <= 60);
    });
    var clock = document.getElementById("screen-clock");
    if (clock) {
      var d = new Date();
      clock.textContent = pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
  }
  setInterval(tick, 250);
  // The projector: F (or a double click) toggles full screen.
  function toggleFullscreen() {
    if (!document.body.classList.contains("bigscreen")) return;
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  }
  document.addEventListener("keydown", function (e) {
    if ((e.key === "f" || e.key === "F") && !e.target.closest("input, textarea, select")) toggleFullscreen();
  });
  document.addEventListener("dblclick", toggleFullscreen);
  document.addEventListener("DOMContentLoaded", tick);

  function csrf() {
    var h = document.body.getAttribute("hx-headers");
    try { return JSON.parse(h)["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function saveOrder(list) {
    var ids = Array.prototype.map.call(list.querySelectorAll("li[data-id]"), function (li) { return +li.dataset.id; });
    fetch(list.dataset.orderUrl, { method: "POST", headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
      body: JSON.stringify(ids), credentials: "same-origin" });
  }
  // Delegated from the document: the queue is re-rendered by htmx polling.
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var li = e.target.closest && e.target.closest("#queue-list li[data-id]");
    if (!li) return;
    dragged = li; li.classList.add("dragging"); e.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragend", function () { if (dragged) dragged.classList.remove("dragging"); dragged = null; });
  document.addEventListener("dragover", function (e) {
    var over = e.target.closest && e.target.closest("#queue-list li[data-id]");
    if (!dragged || !over || over === dragged) return;
    e.preventDefault();
    var rect = over.getBoundingClientRect();
    over.parentNode.insertBefore(dragged, (e.clientY - rect.top) > rect.height / 2 ? over.nextSibling : over);
  });
  document.addEventListener("drop", function (e) {
    if (!dragged) return;
    e.preventDefault();
    saveOrder(dragged.parentNode);
  });
  document.addEventListener("keydown", function (e) {
    var li = e.target.closest && e.target.closest("#queue-list li[data-id]");
    if (!li || !e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    e.preventDefault();
    var list = li.parentNode;
    if (e.key === "ArrowUp" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    if (e.key === "ArrowDown" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    li.focus();
    saveOrder(list);
  });
  // The queue refreshes every 4 s, except while the presidium drags or edits in it. (A
  // filter in hx-trigger would do it, but htmx evaluates those with Function(), which the
  // Content-Security-Policy forbids.)
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (!e.detail.elt || e.detail.elt.id !== "queue") return;
    var active = document.activeElement;
    if (document.querySelector("#queue-list li.dragging") ||
        (active && active.closest("#queue input, #queue select, #queue-list li"))) {
      e.preventDefault();
    }
  });
})();

/* The big screen's election result: as many names as the panel holds, page after page
   (a page every 8 s, chosen from the clock so the 2-second refresh does not restart it). */
(function () {
  "use strict";
  var PAGE_MS = 8000;
  function pageRows() {
    var list = document.getElementById("screen-rows");
    if (!list) return;
    var panel = document.getElementById("screen-election");
    panel.hidden = false;
    var rows = Array.prototype.slice.call(list.children);
    rows.forEach(function (li) { li.hidden = false; });
    var pager = document.getElementById("screen-pager");
    var room = list.clientHeight;
    if (!rows.length || !room) return;
    var first = rows[0].getBoundingClientRect();
    var gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    var cols = getComputedStyle(list).gridTemplateColumns.split(" ").length || 1;
    var perCol = Math.max(1, Math.floor((room + gap) / (first.height + gap)));
    if (perCol < 3 && panel.dataset.yields) {
      // A delegate has the floor and the screen is small: the speaker keeps it, the result
      // comes back when the speech ends (never two names a page).
      panel.hidden = true;
      return;
    }
    var perPage = perCol * cols;
    var pages = Math.ceil(rows.length / perPage);
    var page = pages > 1 ? Math.floor(Date.now() / PAGE_MS) % pages : 0;
    rows.forEach(function (li, i) { li.hidden = i < page * perPage || i >= (page + 1) * perPage; });
    if (pager) pager.textContent = pages > 1 ? "(" + (page + 1) + "/" + pages + ")" : "";
  }
  document.addEventListener("DOMContentLoaded", pageRows);
  document.addEventListener("htmx:afterSwap", pageRows);
  window.addEventListener("resize", pageRows);
  setInterval(pageRows, 1000);
})();
