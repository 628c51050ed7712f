// The ballot: count kept names, check the ballot before sending (the server checks again
// with the rules module), and show a confirmation screen. Nothing is sent anywhere but the
// form's own POST; nothing is stored in the browser (the encrypted scheme, below, keeps a
// ballot being sent until the server answers).
(function () {
  var form = document.getElementById("evote-form");
  if (!form) return;
  var seats = parseInt(form.dataset.seats, 10);
  var approve = form.dataset.format === "approve";
  // A confidence ballot: one of three levels per person, a row may be left blank; no limit.
  var confidence = form.dataset.format === "confidence";
  var ballot = document.getElementById("evote-ballot");
  var confirmBox = document.getElementById("evote-confirm");
  var check = document.getElementById("evote-check");
  var keptEl = document.getElementById("evote-kept");
  var lines = Array.prototype.slice.call(form.querySelectorAll(".evote-line"));
  var confirming = false;

  function nameOf(line) { return line.querySelector(".evote-name").textContent.trim(); }
  function chosen() {
    return lines.filter(function (line) {
      if (approve) {
        var a = line.querySelector("input[value=a]");
        return a && a.checked;
      }
      return line.querySelector("input[value=k]").checked;
    });
  }
  function refresh() { if (keptEl) keptEl.textContent = chosen().length; }
  function corrected() {
    refresh();
    check.hidden = true;  // the delegate is correcting: the old message no longer applies
    var served = document.getElementById("evote-error");
    if (served) served.hidden = true;
  }
  form.addEventListener("change", corrected);
  refresh();

  if (approve) {
    // A second tap on an agree line's chosen box, or Space on it, takes the line back to no
    // box, the hidden "n" radio, as served. A radio cannot be unticked otherwise, and a line
    // left blank is a choice of its own (RULES.md: it does not count for that person; on a
    // one-name ballot it makes the ballot invalid, which problem() still refuses at the
    // review). The click comes with the box already checked, so what was checked before it
    // is kept here, from every change.
    var before = {};
    var remember = function () {
      lines.forEach(function (line) {
        var mark = line.querySelector("input:checked");
        if (mark) before[mark.name] = mark;
      });
    };
    var chosenBox = function (target) {
      var box = target.matches && target.matches(".evote-choice input") ? target : null;
      return box && box.checked && before[box.name] === box ? box : null;
    };
    var clear = function (box) {
      box.closest(".evote-choices").querySelector(".evote-none").checked = true;
      remember();
      corrected();
    };
    remember();
    form.addEventListener("change", remember);
    form.addEventListener("click", function (event) {
      var box = chosenBox(event.target);
      if (box) clear(box);
    });
    form.addEventListener("keyup", function (event) {
      // Chromium sends no click for Space on a checked radio; one that did is cancelled
      // here, so the line is not ticked again after being cleared.
      var box = event.key === " " ? chosenBox(event.target) : null;
      if (!box) return;
      event.preventDefault();
      clear(box);
    });
    // The arrow keys walk a radio group, the hidden "n" radio included (Chromium checks it
    // and focuses it, unseen): the line would go blank with no box showing focus. Between
    // the two boxes every arrow goes to the other one, checked as the browser's own arrow
    // does (its click fires the change that keeps the review and the message right).
    var ARROWS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"];
    form.addEventListener("keydown", function (event) {
      if (ARROWS.indexOf(event.key) < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      if (!target.matches || !target.matches(".evote-choices input")) return;
      event.preventDefault();
      var boxes = target.closest(".evote-choices").querySelectorAll(".evote-choice input");
      var other = boxes[0] === target ? boxes[1] : boxes[0];
      other.focus();
      if (!other.checked) other.click();
    });
    var untick = form.querySelector(".evote-untick");
    if (untick) untick.hidden = false;
  }

  function levelOf(line) {
    var mark = line.querySelector("input:checked");
    if (!mark || mark.value === "n") return "";
    return mark.parentNode.textContent.trim();
  }

  function markOf(line) {
    // An agree line's chosen box, or null (the hidden "n" radio is checked when neither is).
    return line.querySelector("input[value=a]:checked, input[value=d]:checked");
  }

  function problem() {
    if (confidence) return "";
    // RULES.md: a one-name agree ballot is valid only with one of its two boxes marked. The
    // encrypted scheme could not prove it either (its contest is [1, 1]): refuse it here,
    // with the reason, rather than show a confirmation that cannot be encrypted.
    if (approve && lines.length === 1 && !markOf(lines[0])) return form.dataset.msgChooseOne;
    var kept = chosen().length;
    if (kept > seats) {
      // Nobody strikes names on an agree ballot: it says to untick some "Đồng ý".
      var tooMany = approve ? form.dataset.msgTooManyAgreed : form.dataset.msgTooMany;
      return tooMany.replace("{kept}", kept).replace("{seats}", seats);
    }
    if (kept === 0 && lines.length > 1) {
      // The counting committee may have confirmed that agreeing with nobody is valid
      // (RULES.md's open case); disagreeing with every name stays invalid.
      if (!form.dataset.blankValid) return form.dataset.msgNone;
      var all = lines.every(function (line) {
        var mark = markOf(line);
        return mark && mark.value === "d";
      });
      if (all) return form.dataset.msgAllDisagree;
    }
    return "";
  }

  form.addEventListener("submit", function (event) {
    if (confirming) {
      document.getElementById("evote-send").disabled = true;  // one tap, one POST
      return;
    }
    event.preventDefault();
    var message = problem();
    if (message) {
      check.textContent = message;
      check.hidden = false;
      check.scrollIntoView({ block: "center" });
      return;
    }
    check.hidden = true;
    var list = document.getElementById("evote-summary");
    list.innerHTML = "";
    if (confidence) {
      var blank = 0;
      lines.forEach(function (line) {
        var li = document.createElement("li");
        var level = levelOf(line);
        if (!level) blank += 1;
        li.textContent = nameOf(line).replace(/^\d+\.\s*/, "") + ": " + (level || "—");
        list.appendChild(li);
      });
      var note = document.getElementById("evote-blank-note");
      note.textContent = note.dataset.msg.replace("{n}", blank);
      note.hidden = blank === 0;
    } else if (approve) {
      // Every line with its box: a "Không đồng ý" is a choice too (the list of the agreed
      // alone is empty for it).
      lines.forEach(function (line) {
        var li = document.createElement("li");
        var mark = markOf(line);
        li.textContent = nameOf(line).replace(/^\d+\.\s*/, "") + ": " +
          (mark ? mark.parentNode.textContent.trim() : "—");
        list.appendChild(li);
      });
    } else {
      chosen().forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = nameOf(line);
        list.appendChild(li);
      });
    }
    ballot.hidden = true;
    confirmBox.hidden = false;
    confirming = true;
    window.scrollTo(0, 0);
  });
  document.getElementById("evote-back").addEventListener("click", function () {
    confirming = false;
    confirmBox.hidden = true;
    ballot.hidden = false;
  });
})();

// The encrypted scheme (issue 21, docs/evote-protocol.md §4). The marks are read from the
// same form, encrypted on the phone with crypto.js (in crypto-worker.js's worker) under the
// counting committee's key and proved valid; only the encrypted ballot is posted, never
// the marks (the form is never submitted as such). The delegate sees the ballot's tracker before choosing: send it, or challenge
// it (Benaloh: the ballot is opened with its nonces, published as spoiled and not counted,
// and the delegate votes afresh). A ballot being sent is kept in localStorage (the
// ciphertext and the form's token, never the nonces, which would open it) until the server
// has answered, so a phone that loses the network, or is reloaded, resends the same ballot
// with the same token, which counts once.
(function () {
  var form = document.getElementById("evote-form");
  var resendBox = document.getElementById("evote-pending");
  if (!(form && form.dataset.scheme === "encrypted") && !resendBox) return;
  var data = (form || resendBox).dataset;
  var pendingKey = "daihoi.evote.pending." + data.round;
  var trackerKey = "daihoi.evote.tracker." + data.round;
  var lib = import(data.crypto);
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  var postUrl = data.url || window.location.pathname;
  var retryDelay = 2000;
  var retryTimer = null;
  var unsent = null;  // the pending ballot, also in memory when storage is unavailable

  function $(id) { return document.getElementById(id); }
  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* private mode: the ballot is still sent, only not kept for a reload */ }
  }
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function showTracker(el, hex) {
    lib.then(function (c) {
      // The first 16 characters in fours; a tap shows the whole tracker.
      var short = c.formatTracker(hex);
      el.textContent = short;
      el.title = hex;
      el.onclick = function () { el.textContent = el.textContent === short ? hex : short; };
    });
  }
  function post(url, fields) {
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", cache: "no-store",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (answer) {
        return { status: response.status, answer: answer };
      }, function () {
        // Not the view's JSON (the CSRF check, a proxy's page): not recorded; keep it.
        return { status: response.status, answer: { outcome: "unknown", message: data.msgRetry } };
      });
    });
  }
  function status(message, kind, retrying) {
    $("evote-status").hidden = false;
    $("evote-status-text").textContent = message;
    $("evote-status-text").className = "evote-notice " + kind;
    $("evote-resend").hidden = !retrying;
  }
  function done(answer) {
    if (form) form.hidden = true;
    ["evote-status", "evote-audit"].forEach(function (id) { if ($(id)) $(id).hidden = true; });
    ["evote-done", "evote-done-tracker-box"].forEach(function (id) { if ($(id)) $(id).hidden = false; });
    $("evote-result").textContent = "✔ " + answer.message;
    $("evote-result").className = "evote-notice ok";
    showTracker($("evote-done-tracker"), answer.tracker);
    findOnBoard(answer.tracker);
    window.scrollTo(0, 0);
  }
  function findOnBoard(hex) {
    // The board's search by tracker (its first 16 characters, as the delegate noted them).
    var link = $("evote-board-link");
    if (link) link.href = link.href.split("?")[0] + "?t=" + hex.slice(0, 16);
  }

  // Send (or resend) the pending ballot until the server answers.
  function send() {
    var raw = unsent || stored(pendingKey);
    if (!raw) return;
    var pending = JSON.parse(raw);
    window.clearTimeout(retryTimer);
    status(data.msgSending, "warn", false);
    post(postUrl, { token: pending.token, ballot: pending.ballot })
      .then(function (reply) {
        if (reply.answer.outcome === "unknown") {
          status(reply.answer.message, "bad", true);
          return;
        }
        store(pendingKey, null);  // the server answered: nothing more to resend
        unsent = null;
        if (reply.status === 200) {
          store(trackerKey, reply.answer.tracker);
          done(reply.answer);
        } else {
          status(reply.answer.message, "bad", false);
        }
      })
      .catch(function () {
        status(data.msgRetry, "warn", true);
        retryTimer = window.setTimeout(send, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 15000);
      });
  }
  $("evote-resend").addEventListener("click", function () { retryDelay = 2000; send(); });

  if (resendBox) {
    // The page after a vote: a ballot still waiting for its answer is sent now (the answer
    // says whether it is the one recorded); otherwise the recorded one's tracker is shown.
    if (stored(pendingKey)) send();
    else if (stored(trackerKey)) {
      $("evote-done-tracker-box").hidden = false;
      showTracker($("evote-done-tracker"), stored(trackerKey));
      findOnBoard(stored(trackerKey));
    }
    return;
  }

  var manifestText = JSON.parse($("evote-manifest").textContent);
  var approve = form.dataset.format === "approve";
  var confidence = form.dataset.format === "confidence";
  var lines = Array.prototype.slice.call(form.querySelectorAll(".evote-line"));
  var token = form.querySelector("input[name=token]").value;
  var confirmBox = $("evote-confirm");
  var sendButton = $("evote-send");
  var challengeButton = $("evote-challenge");
  var current = null;  // {ballot, reveal}: the encrypted ballot on the confirmation screen
  var asked = 0;  // the encryptions asked for: only the latest may reach the screen
  // The tables, the encryption and its proofs, the opening of a challenged ballot run in a
  // worker (crypto-worker.js), so the page paints "Đang mã hóa phiếu…" and answers taps
  // meanwhile; where no worker starts, they run on the page as before.
  var engine = import(data.cryptoWorker).then(function (m) { return m.engine(); });
  function call(name, args) {
    return engine.then(function (e) { return e.call(name, args); });
  }
  // Built now, while the delegate reads the ballot, so the first encryption does not wait.
  call("prepareKey", [data.publicKey]).catch(function () { /* encrypt() says it failed */ });

  function marks() {
    // One 0/1 per selection of the manifest: strike, 1 = kept; agree, (agree, disagree);
    // confidence, (cao, tín nhiệm, thấp), all 0 for a row left blank.
    var out = [];
    lines.forEach(function (line) {
      if (confidence) {
        ["h", "m", "l"].forEach(function (level) {
          out.push(line.querySelector("input[value=" + level + "]").checked ? 1 : 0);
        });
      } else if (approve) {
        out.push(line.querySelector("input[value=a]").checked ? 1 : 0);
        out.push(line.querySelector("input[value=d]").checked ? 1 : 0);
      } else {
        out.push(line.querySelector("input[value=k]").checked ? 1 : 0);
      }
    });
    return out;
  }
  function setBusy(busy) {
    sendButton.disabled = busy;
    challengeButton.disabled = busy;
  }
  function encrypt() {
    // After the plain script has shown the confirmation screen (it refuses an invalid
    // ballot first): the tracker is on screen before the delegate chooses.
    if (confirmBox.hidden) return;
    var mine = ++asked;
    var choices = marks();
    // The encryption runs while the page stays live: a "Sửa lại" (or another review) in
    // the meantime makes its result stale, and a stale ballot is never shown nor sent.
    var stale = function () { return mine !== asked || confirmBox.hidden; };
    call("manifestHashes", [manifestText, data.publicKey]).then(function (hashes) {
      if (hashes.extended !== data.extendedHash) {
        throw new Error("the manifest does not hash to the round's extended hash");
      }
      return call("encryptBallot", [manifestText, data.publicKey, data.extendedHash, choices]);
    }).then(function (made) {
      if (stale()) return;
      current = made;
      showTracker($("evote-tracker"), current.ballot.tracker);
      setBusy(false);
    }).catch(function () {
      if (!stale()) $("evote-tracker").textContent = data.msgCryptoFailed;
    });
  }

  // Capture: before the plain script's handler, which must never submit the form here.
  form.addEventListener("submit", function (event) {
    if (confirmBox.hidden) {
      current = null;
      setBusy(true);
      $("evote-tracker").textContent = data.msgEncrypting;
      window.setTimeout(encrypt, 30);  // the plain handler shows the screen, then it paints
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!current) return;  // still encrypting
    unsent = JSON.stringify({ token: token, ballot: JSON.stringify(current.ballot) });
    current = null;  // the nonces go: a cast ballot is never opened
    store(pendingKey, unsent);
    setBusy(true);
    confirmBox.hidden = true;
    send();
  }, true);
  $("evote-back").addEventListener("click", function () { current = null; asked += 1; });

  function showOpened(challenged, opened, serverChoices, message) {
    var chosen = marks();
    var same = opened.length === chosen.length && opened.every(function (x, j) {
      return x === chosen[j] && x === serverChoices[j];
    });
    var list = $("evote-audit-lines");
    list.innerHTML = "";
    function levelText(i) {
      // The level's label on the line itself (the page translated it once).
      var at = [0, 1, 2].filter(function (t) { return opened[3 * i + t]; });
      if (at.length !== 1) return data.msgBlank;
      var input = lines[i].querySelector("input[value=" + "hml"[at[0]] + "]");
      return input.parentNode.textContent.trim();
    }
    lines.forEach(function (line, i) {
      var state = confidence ? levelText(i) : approve
        ? (opened[2 * i] ? data.msgAgree : opened[2 * i + 1] ? data.msgDisagree : data.msgBlank)
        : (opened[i] ? data.msgKept : data.msgStruck);
      var li = document.createElement("li");
      // An agree line's name holds its number, and the list numbers it already.
      li.textContent = line.querySelector(".evote-name").textContent.trim().replace(/^\d+\.\s*/, "") +
        ": " + state;
      list.appendChild(li);
    });
    var verdict = $("evote-audit-verdict");
    verdict.textContent = (same ? "✔ " + data.msgMatch : data.msgMismatch) + " " + message;
    verdict.className = "evote-notice " + (same ? "ok" : "bad");
    showTracker($("evote-audit-tracker"), challenged.ballot.tracker);
    confirmBox.hidden = true;
    $("evote-audit").hidden = false;
    window.scrollTo(0, 0);
  }

  challengeButton.addEventListener("click", function () {
    if (!current) return;
    var challenged = current;
    current = null;
    setBusy(true);
    post(data.spoilUrl, { token: token, ballot: JSON.stringify(challenged.ballot),
                          reveal: JSON.stringify(challenged.reveal) })
      .then(function (reply) {
        if (reply.answer.outcome === "challenge_limit") {
          // No more challenges this round: back to the ballot, with the marks, to send it.
          // The refused ballot's nonces went to the server, so the next review encrypts
          // afresh (the plain script's "Sửa lại" and then "Gửi").
          challengeButton.hidden = true;
          $("evote-back").click();
          status(reply.answer.message, "bad", false);
          return;
        }
        if (reply.status !== 200) {
          confirmBox.hidden = true;
          status(reply.answer.message, "bad", false);
          return;
        }
        // Opened on this phone from the nonces alone, whatever the server answered.
        return call("revealChoices", [manifestText, data.publicKey, data.extendedHash,
                                      challenged.ballot, { nonces: challenged.reveal.nonces }])
          .then(function (opened) {
            showOpened(challenged, opened, reply.answer.choices, reply.answer.message);
          });
      })
      .catch(function () {
        current = challenged;
        setBusy(false);
        status(data.msgRetry, "warn", false);
      });
  });
  $("evote-again").addEventListener("click", function () {
    // Back to the ballot with the same marks (the plain script's "Sửa lại"); the next
    // review encrypts afresh with new nonces.
    $("evote-audit").hidden = true;
    $("evote-status").hidden = true;
    confirmBox.hidden = false;
    $("evote-back").click();
  });

  if (stored(pendingKey)) {
    // Sent from this page before a reload, with no answer yet: send it again.
    form.hidden = true;
    send();
  }
})();
