/* The counting screen: one paper ballot per Enter, keyboard only.

   A ballot is taken from the field the moment Enter is pressed (the field is cleared then,
   not when the server answers, so the keys of the next ballot typed ahead are never lost),
   put at the end of a queue with an idempotency key made here, and the queue is sent one
   ballot after another, in order. The server stores a ballot once per key, so a ballot sent
   again after a timeout or a crash of the server is not stored twice. The queue is kept in
   the browser's storage until each ballot is saved: a page reloaded sends what was left.
   The list beside the field shows each ballot as waiting, saved (with its number in the
   group) or refused. */
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
  var waiting = document.getElementById("queue-count");
  var count = parseInt(form.dataset.count, 10);
  var entryNo = form.querySelector("input[name=entry]").value;
  var storeKey = "daihoi-entry-" + form.action + "-" + entryNo;
  var flags = {};
  var keyToFlag = {};
  var queue = [];        // ballots not yet saved, in the order they were entered
  var sending = false;
  var halted = null;     // the ballot the server refused: the queue waits for the clerk
  var retryDelay = 0;
  var repeatAsked = null; // the text whose repeated number the clerk was warned of
  document.querySelectorAll("#flags .flag").forEach(function (el) {
    flags[el.dataset.flag] = false;
    keyToFlag[el.dataset.key.toLowerCase()] = el;
  });

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Served over plain HTTP on the hall's network randomUUID is missing; getRandomValues is not.
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function parse(text) {
    /* Mirrors entry.parse_lines for the preview only; the server decides. `repeated`: the
       numbers typed more than once ("3 3", "2-4 3"), which the clerk is asked about. */
    var out = {};
    var seen = {};
    var repeated = [];
    var bad = null;
    function hit(n) {
      if (seen[n] && repeated.indexOf(n) < 0) repeated.push(n);
      seen[n] = true; out[n] = true;
    }
    text.split(/[\s,;.]+/).forEach(function (t) {
      if (!t) return;
      if (t === "*") { for (var i = 1; i <= count; i++) out[i] = true; return; }
      var m = /^(\d+)-(\d+)$/.exec(t);
      if (m) {
        var a = Math.min(+m[1], +m[2]), b = Math.max(+m[1], +m[2]);
        for (var j = a; j <= b; j++) { if (j < 1 || j > count) bad = t; else hit(j); }
      } else if (/^\d+$/.test(t)) {
        var n = +t;
        if (n === 0) return;
        if (n < 1 || n > count) bad = t; else hit(n);
      } else bad = t;
    });
    return { lines: out, bad: bad, repeated: repeated };
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
    else if (statusBox.classList.contains("error") && !halted) show("", "");
    if (repeatAsked !== null && repeatAsked !== currentText()) {
      repeatAsked = null;
      if (statusBox.classList.contains("warning")) show("", "");
    }
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
    repeatAsked = null;
    preview();
    marks.focus();
  }

  function currentText() {
    return marks.value + "|" + (voidInput ? voidInput.value : "");
  }

  function refreshTotals() {
    document.body.dispatchEvent(new Event("refresh-totals"));
  }

  function persist() {
    try {
      var unsent = queue.map(function (b) { return b.data; });
      if (unsent.length) localStorage.setItem(storeKey, JSON.stringify(unsent));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* private mode: the queue lives in the page only */ }
    if (waiting) waiting.textContent = queue.length;
  }

  function describe(d) {
    var text = d.marks.length ? d.marks.join(", ") : "—";
    if (d.void && d.void.length) text += " · " + form.dataset.voidLabel + ": " + d.void.join(", ");
    return text;
  }

  function trim() {
    while (last.children.length > 12) {
      var tail = last.lastElementChild;
      if (tail.classList.contains("saved")) last.removeChild(tail); else break;
    }
  }

  function editLink(position) {
    var a = document.createElement("a");
    a.href = form.dataset.edit + "?entry=" + entryNo + "&position=" + position;
    a.className = "edit";
    a.textContent = form.dataset.editLabel;
    return a;
  }

  function rowFor(b) {
    var li = document.createElement("li");
    li.className = "pending";
    li.dataset.key = b.data.key;
    li.textContent = "… " + b.text + " · " + form.dataset.pending;
    last.insertBefore(li, last.firstElementChild);
    b.row = li;
    trim();
  }

  function markSaved(b, d) {
    var li = b.row;
    li.className = "saved" + (d.reason ? " invalid" : "");
    li.dataset.position = d.position;
    li.textContent = "#" + d.position + ": " + describe(d) + (d.reason ? " · " + d.reason_label : "") +
      " ✓ ";
    li.appendChild(editLink(d.position));
    entered.textContent = Math.max(+entered.textContent || 0, d.position);
    show(d.reason ? "invalid" : "ok", "#" + d.position + " " + form.dataset.saved + " – " +
         (d.reason ? form.dataset.invalid + ": " + d.reason_label : form.dataset.valid));
  }

  function markRefused(b, error) {
    b.row.className = "refused";
    b.row.textContent = "✗ " + b.text + " · " + error + " ";
    var retry = document.createElement("button");
    retry.type = "button"; retry.className = "small"; retry.textContent = form.dataset.retry;
    retry.addEventListener("click", function () { halted = null; b.row.className = "pending"; pump(); marks.focus(); });
    var drop = document.createElement("button");
    drop.type = "button"; drop.className = "small"; drop.textContent = form.dataset.drop;
    drop.addEventListener("click", function () {
      queue.shift(); halted = null; b.row.parentNode.removeChild(b.row); persist(); pump(); marks.focus();
    });
    b.row.appendChild(retry); b.row.appendChild(drop);
    show("error", form.dataset.refused.replace("{error}", error));
  }

  function pump() {
    if (sending || halted || !queue.length) return;
    var b = queue[0];
    var fd = new FormData();
    fd.set("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    Object.keys(b.data).forEach(function (k) { fd.set(k, b.data[k]); });
    sending = true;
    fetch(form.action, { method: "POST", body: fd, credentials: "same-origin",
                         headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        return r.json().then(function (d) { return { status: r.status, data: d }; },
                             function () { return { status: r.status, data: null }; });
      })
      .then(function (res) {
        sending = false;
        if (res.data && res.data.ok) {
          retryDelay = 0;
          queue.shift();
          persist();
          markSaved(b, res.data);
          if (!queue.length) refreshTotals();
          pump();
        } else if (res.status === 400 && res.data) {
          halted = b;
          markRefused(b, res.data.error);
        } else {
          // 403, or the login page instead of an answer: the session ended. The queue waits
          // (kept in the browser) and is sent once the clerk has logged in again.
          retryLater(res.status === 403 || (res.status === 200 && !res.data));
        }
      }, function () { sending = false; retryLater(false); });
  }

  function retryLater(session) {
    // No answer (the network, the server restarting): the same ballot again, same key.
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 500, 5000);
    show("error", (session ? form.dataset.session : form.dataset.network).replace("{n}", queue.length));
    window.setTimeout(pump, retryDelay);
  }

  function enqueue(data, text) {
    var b = { data: data, text: text };
    queue.push(b);
    rowFor(b);
    persist();
    pump();
  }

  function save() {
    var raw = marks.value.trim();
    var rawVoid = voidInput ? voidInput.value.trim() : "";
    if (raw === "" && rawVoid === "") {
      show("error", form.dataset.emptyHint);
      return;
    }
    var p = parse(raw);
    var v = voidInput ? parse(rawVoid) : { bad: null, repeated: [] };
    if (p.bad || v.bad) { preview(); return; }
    var repeated = p.repeated.concat(v.repeated);
    if (repeated.length && repeatAsked !== currentText()) {
      repeatAsked = currentText();
      show("warning", form.dataset.repeated.replace("{numbers}", repeated.join(", ")));
      return;
    }
    var data = {
      key: uuid4(), entry: entryNo,
      marks: raw === "0" ? "" : raw.replace(/(^|[\s,;.])0(?=$|[\s,;.])/g, " "),
      void: rawVoid === "0" ? "" : rawVoid
    };
    Object.keys(flags).forEach(function (f) { data[f] = flags[f] ? "1" : "0"; });
    var text = raw || "—";
    if (rawVoid) text += " · " + form.dataset.voidLabel + ": " + rawVoid;
    Object.keys(flags).forEach(function (f) {
      if (flags[f]) text += " · " + document.querySelector('#flags .flag[data-flag="' + f + '"]').dataset.key;
    });
    clearBallot();
    enqueue(data, text);
  }

  function undo() {
    if (queue.length) { show("error", form.dataset.undoWait); return; }
    if (!window.confirm(form.dataset.undoConfirm)) return;
    var fd = new FormData(form);
    fetch(form.dataset.undo, { method: "POST", body: fd, credentials: "same-origin",
                               headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (!d.ok) { show("error", d.error); return; }
        show("invalid", "#" + d.position + " " + form.dataset.undone);
        entered.textContent = d.position - 1;
        var top = last.querySelector("li[data-position='" + d.position + "']");
        if (top) last.removeChild(top);
        refreshTotals();
        marks.focus();
      }, function () { show("error", form.dataset.network.replace("{n}", 0)); });
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
  window.addEventListener("beforeunload", function (ev) {
    if (queue.length) { ev.preventDefault(); ev.returnValue = ""; }
  });
  // Ballots a closed or reloaded page had not sent yet: sent now, with their keys.
  try {
    var left = JSON.parse(localStorage.getItem(storeKey) || "[]");
    left.forEach(function (data) {
      var text = (data.marks || "—") + (data.void ? " · " + form.dataset.voidLabel + ": " + data.void : "");
      enqueue(data, text);
    });
  } catch (e) { /* nothing kept */ }
  marks.focus();
})();
