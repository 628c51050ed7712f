// Warns before the login lapses (SESSION_AGE of inactivity) and lets the user extend it.
(function () {
  const box = document.getElementById("session-warning");
  if (!box) return;
  const age = Number(box.dataset.age), warn = Number(box.dataset.warn);
  const countdown = box.querySelector(".countdown");
  let deadline;
  function reset() { deadline = Date.now() + age * 1000; box.hidden = true; }
  function csrf() {
    const m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }
  function tick() {
    const left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) { window.location = box.dataset.login + "?next=" + encodeURIComponent(location.pathname); return; }
    if (left <= warn) { box.hidden = false; countdown.textContent = left; }
  }
  box.querySelector("button").addEventListener("click", function () {
    fetch(box.dataset.ping, {method: "POST", headers: {"X-CSRFToken": csrf()}, credentials: "same-origin"})
      .then(function (r) { if (r.ok) reset(); });
  });
  // Any htmx request also renews the session on the server.
  document.body.addEventListener("htmx:afterRequest", reset);
  reset();
  setInterval(tick, 1000);
})();
