// The door: type a name (no diacritics needed) or scan the badge's QR; Enter checks in the
// selected (top) match. Counts refresh after each check-in and every few seconds.
(function () {
  "use strict";
  const root = document.getElementById("checkin");
  if (!root) return;
  const q = document.getElementById("checkin-q");
  const list = document.getElementById("checkin-results");
  const msg = document.getElementById("checkin-msg");
  const csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  const text = (id) => document.getElementById(id).innerHTML.trim();
  let results = [];
  let selected = 0;
  let seq = 0;

  function say(message, ok) {
    msg.textContent = message;
    msg.className = "checkin-msg " + (ok ? "ok" : "bad");
  }

  function showSummary(s) {
    document.getElementById("att-present").textContent = s.present;
    document.getElementById("att-convened").textContent = s.convened;
    document.getElementById("att-base").textContent = s.base;
    document.getElementById("att-alt").textContent = s.alternates_present;
    document.getElementById("att-needed").textContent = s.quorum_needed;
    document.getElementById("att-bar").style.width = Math.min(s.percent_of_base, 100) + "%";
    const quorum = document.getElementById("att-quorum");
    quorum.className = s.quorum_met ? "ok" : "bad";
    document.getElementById("att-quorum-text").textContent = text(s.quorum_met ? "t-ok" : "t-no");
  }

  function render() {
    list.replaceChildren();
    results.forEach((r, i) => {
      const li = document.createElement("li");
      if (i === selected) li.className = "sel";
      const num = document.createElement("span");
      num.className = "num";
      num.textContent = r.number == null ? "–" : String(r.number).padStart(3, "0");
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = r.name;
      const org = document.createElement("span");
      org.className = "org";
      org.textContent = r.organization + (r.kind === "alternate" ? " · " + text("t-alternate") : "");
      who.appendChild(org);
      const state = document.createElement("span");
      const button = document.createElement("button");
      button.type = "button";
      if (r.blocked) {
        state.className = "badge bad";
        state.textContent = text("t-blocked");
      } else if (r.present) {
        state.className = "badge ok";
        state.textContent = text("t-present");
        button.textContent = text("t-out");
        button.addEventListener("click", () => act(r.id, "out"));
      } else {
        button.className = "primary";
        button.textContent = text("t-in");
        button.addEventListener("click", () => act(r.id, "in"));
      }
      li.append(num, who, state);
      if (button.textContent) li.appendChild(button);
      list.appendChild(li);
    });
  }

  async function search() {
    const mine = ++seq;
    const value = q.value.trim();
    if (!value) { results = []; render(); return; }
    const response = await fetch(root.dataset.search + "?q=" + encodeURIComponent(value), {credentials: "same-origin"});
    if (mine !== seq || !response.ok) return;
    results = (await response.json()).results;
    selected = 0;
    render();
    if (!results.length) say(text("t-none"), false);
  }

  async function post(body) {
    const response = await fetch(root.dataset.do, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"},
      body: new URLSearchParams(body),
    });
    const data = await response.json();
    say(data.message, data.ok);
    if (data.summary) showSummary(data.summary);
    if (data.ok && data.delegate && body.action !== "out") {
      const li = document.createElement("li");
      const now = new Date();
      li.textContent = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0")
        + " · " + String(data.delegate.number).padStart(3, "0") + " · " + data.delegate.name;
      document.getElementById("recent").prepend(li);
    }
    return data;
  }

  async function act(id, action) {
    await post({delegate: id, action: action});
    q.value = "";
    results = [];
    render();
    q.focus();
  }

  let timer = null;
  q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 120); });
  q.addEventListener("keydown", async (event) => {
    if (event.key === "ArrowDown") { selected = Math.min(selected + 1, results.length - 1); render(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { selected = Math.max(selected - 1, 0); render(); event.preventDefault(); }
    else if (event.key === "Escape") { q.value = ""; results = []; render(); }
    else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      await search();
      const r = results[selected];
      if (!r) return;
      if (r.blocked || r.present) {
        // The server gives the exact reason (already in since ..., absent, rejected).
        await post({delegate: r.id, action: "in"});
        return;
      }
      await act(r.id, "in");
    }
  });

  setInterval(async () => {
    const response = await fetch(root.dataset.summary, {credentials: "same-origin"});
    if (response.ok) showSummary(await response.json());
  }, 5000);

  // --- QR scanning: BarcodeDetector where the browser has it, else the vendored jsQR ---
  const video = document.getElementById("scan-video");
  const canvas = document.getElementById("scan-canvas");
  const startButton = document.getElementById("scan-start");
  const stopButton = document.getElementById("scan-stop");
  let stream = null;
  let detector = null;
  let lastCode = "";
  let lastAt = 0;

  function loadJsQR() {
    return new Promise((resolve, reject) => {
      if (window.jsQR) return resolve(window.jsQR);
      const s = document.createElement("script");
      s.src = root.dataset.jsqr;
      s.onload = () => resolve(window.jsQR);
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  async function decode() {
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    const w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return null;
    canvas.width = w; canvas.height = h;
    const ctx = canvas.getContext("2d", {willReadFrequently: true});
    ctx.drawImage(video, 0, 0, w, h);
    const found = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, {inversionAttempts: "dontInvert"});
    return found ? found.data : null;
  }

  // What a camera frame goes through, callable on a still image (used by the browser test
  // and handy for a USB scanner that types into a field).
  root.checkinImage = async (image) => {
    await loadJsQR();
    canvas.width = image.width; canvas.height = image.height;
    const ctx = canvas.getContext("2d", {willReadFrequently: true});
    ctx.drawImage(image, 0, 0);
    const found = window.jsQR(ctx.getImageData(0, 0, image.width, image.height).data, image.width, image.height);
    if (!found) return null;
    return post({code: found.data, action: "in"});
  };

  async function loop() {
    if (!stream) return;
    try {
      const code = await decode();
      const now = Date.now();
      // The same badge held in front of the camera is read many times a second: once is enough.
      if (code && (code !== lastCode || now - lastAt > 4000)) {
        lastCode = code; lastAt = now;
        await post({code: code, action: "in"});
      }
    } catch (e) { /* a frame that could not be read */ }
    setTimeout(loop, 150);
  }

  startButton.addEventListener("click", async () => {
    try {
      if ("BarcodeDetector" in window && (await window.BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
        detector = new window.BarcodeDetector({formats: ["qr_code"]});
      } else {
        await loadJsQR();
      }
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      startButton.hidden = true; stopButton.hidden = false;
      loop();
    } catch (e) {
      say(text("t-nocam"), false);
    }
  });
  stopButton.addEventListener("click", () => {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true; startButton.hidden = false; stopButton.hidden = true;
    q.focus();
  });
})();
