// The reader's part of a cached page: a CSRF token for the forms, their own rating, the
// visitor counter; and the page view counted (portal:state). No inline script (the CSP).
(function () {
  "use strict";
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var url = body.getAttribute("data-state");
    if (!url) { return; }
    var article = body.getAttribute("data-article");
    var q = "?hit=1" + (article ? "&a=" + encodeURIComponent(article) : "");
    fetch(url + q, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (i) { i.value = data.csrf; });
        var box = document.querySelector("[data-counter]");
        if (box && data.counter) {
          box.querySelectorAll("[data-n]").forEach(function (b) { b.textContent = fmt(data.counter[b.getAttribute("data-n")]); });
          box.hidden = false;
        }
        if (data.rated) {
          var mine = document.querySelector("[data-rated]");
          if (mine) { mine.querySelector("[data-rated-stars]").textContent = data.rated; mine.hidden = false; }
          var form = document.querySelector("[data-rate-form]");
          if (form) { form.hidden = true; }
        }
        body.setAttribute("data-state-ready", "1");
      });
  });
})();
