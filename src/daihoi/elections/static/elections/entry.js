/* The counting screen: one paper ballot per Enter, keyboard only.
   Each ballot is POSTed at once and saved by the server in its own transaction; the screen
   keeps nothing that the server does not have. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var marks = document.getElementById("marks");
  var voidInput = document.getElementById("void");
  var statusBox = document.getElementById("entry-status");
  var list = document.getElementById("ballot-list");
  var last = document.getElementById("last-ballots");
  var entered = document.getElementById("entered-count");
  var count = parseInt(form.dataset.count, 10);
  var flags = {};
  var keyToFlag = {};
  var busy = false;
  document.querySelectorAll("#flags .flag").forEach(function (el) {
    flags[el.dataset.flag] = false;
    keyToFlag[el.dataset.key.toLowerCase()] = el;
  });

  function parse(text) {
    /* Mirrors entry.parse_lines for the preview only; the server decides. */
    var out = {};
    var bad = null;
    text.split(/[\s,;.]+/).forEach(function (t) {
      if (!t) return;
      if (t === "*") { for (var i = 1; i <= count; i++) out[i] = true; return; }
      var m = /^(\d+)-(\d+)$/.exec(t);
      if (m) {
        var a = Math.min(+m[1], +m[2]), b = Math.max(+m[1], +m[2]);
        for (var j = a; j <= b; j++) { if (j < 1 || j > count) bad = t; else out[j] = true; }
      } else if (/^\d+$/.test(t)) {
        var n = +t;
        if (n === 0) return;
        if (n < 1 || n > count) bad = t; else out[n] = true;
      } else bad = t;
    });
    return { lines: out, bad: bad };
  }

  function preview() {
    var p = parse(marks.value);
    var v = voidInput ? parse(voidInput.value) : { lines: {}, bad: null };
    list.querySelectorAll("li").forEach(function (li) {
      li.classList.toggle("hit", !!p.lines[li.dataset.n]);
      li.classList.toggle("void", !!v.lines[li.dataset.n]);
    });
    var bad = p.bad || v.bad;
    if (bad) show("error", "“" + bad + "”: " + form.dataset.badToken);
    else if (statusBox.classList.contains("error")) show("", "");
  }

  function show(kind, text) {
    statusBox.className = "entry-status" + (kind ? " " + kind : "");
    statusBox.textContent = text;
  }

  function setFlag(el, on) {
    flags[el.dataset.flag] = on;
    el.classList.toggle("on", on);
  }

  function clearBallot() {
    marks.value = "";
    if (voidInput) voidInput.value = "";
    Object.keys(keyToFlag).forEach(function (k) { setFlag(keyToFlag[k], false); });
    preview();
    marks.focus();
  }

  function refreshTotals() {
    document.body.dispatchEvent(new Event("refresh-totals"));
  }

  function addLast(data) {
    var li = document.createElement("li");
    li.dataset.position = data.position;
    var text = "#" + data.position + ": " + (data.marks.length ? data.marks.join(", ") : "—");
    if (data.void && data.void.length) text += " · " + form.dataset.voidLabel + ": " + data.void.join(", ");
    if (data.reason) text += " · " + data.reason_label;
    li.textContent = text;
    last.insertBefore(li, last.firstElementChild);
    while (last.children.length > 8) last.removeChild(last.lastElementChild);
  }

  function post(url, body) {
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (d) { return { status: r.status, data: d }; }); });
  }

  function save() {
    if (busy) return;
    var raw = marks.value.trim();
    var rawVoid = voidInput ? voidInput.value.trim() : "";
    if (raw === "" && rawVoid === "") {
      show("error", form.dataset.emptyHint);
      return;
    }
    var fd = new FormData(form);
    fd.set("marks", raw === "0" ? "" : raw.replace(/(^|[\s,;.])0(?=$|[\s,;.])/g, " "));
    if (voidInput) fd.set("void", rawVoid === "0" ? "" : rawVoid);
    Object.keys(flags).forEach(function (f) { fd.set(f, flags[f] ? "1" : "0"); });
    busy = true;
    post(form.action, fd).then(function (res) {
      busy = false;
      if (!res.data.ok) { show("error", res.data.error); return; }
      var d = res.data;
      show(d.reason ? "invalid" : "ok", "#" + d.position + " " + form.dataset.saved + " – " +
           (d.reason ? form.dataset.invalid + ": " + d.reason_label : form.dataset.valid));
      entered.textContent = d.position;
      addLast(d);
      clearBallot();
      refreshTotals();
    }).catch(function () {
      busy = false;
      show("error", form.dataset.network);
    });
  }

  function undo() {
    if (busy || !window.confirm(form.dataset.undoConfirm)) return;
    var fd = new FormData(form);
    busy = true;
    post(form.dataset.undo, fd).then(function (res) {
      busy = false;
      if (!res.data.ok) { show("error", res.data.error); return; }
      show("invalid", "#" + res.data.position + " " + form.dataset.undone);
      entered.textContent = res.data.position - 1;
      var top = last.querySelector("li");
      if (top && +top.dataset.position === res.data.position) last.removeChild(top);
      refreshTotals();
      marks.focus();
    }).catch(function () { busy = false; show("error", form.dataset.network); });
  }

  function onKey(ev) {
    var k = ev.key;
    if (k === "Enter") { ev.preventDefault(); save(); return; }
    if (k === "Escape") { ev.preventDefault(); clearBallot(); return; }
    if ((ev.ctrlKey || ev.metaKey) && (k === "z" || k === "Z")) {
      if (ev.target.value === "") { ev.preventDefault(); undo(); }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || k.length !== 1) return;
    var flag = keyToFlag[k.toLowerCase()];
    if (flag) { ev.preventDefault(); setFlag(flag, !flags[flag.dataset.flag]); return; }
    if (/[0-9\s,;.*\-]/.test(k)) return;
    ev.preventDefault(); // any other letter: ignored, so a slip of the hand types nothing
  }

  [marks, voidInput].forEach(function (el) {
    if (!el) return;
    el.addEventListener("keydown", onKey);
    el.addEventListener("input", preview);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); save(); });
  document.getElementById("undo-button").addEventListener("click", undo);
  Object.keys(keyToFlag).forEach(function (k) {
    keyToFlag[k].addEventListener("click", function () {
      setFlag(keyToFlag[k], !flags[keyToFlag[k].dataset.flag]); marks.focus();
    });
  });
  marks.focus();
})();
