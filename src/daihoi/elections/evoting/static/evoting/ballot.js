// The ballot: count kept names, check the ballot before sending (the server checks again
// with the rules module), and show a confirmation screen. Nothing is sent anywhere but the
// form's own POST; nothing is stored in the browser.
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
  form.addEventListener("change", function () {
    refresh();
    check.hidden = true;  // the delegate is correcting: the old message no longer applies
    var served = document.getElementById("evote-error");
    if (served) served.hidden = true;
  });
  refresh();

  function levelOf(line) {
    var mark = line.querySelector("input:checked");
    if (!mark || mark.value === "n") return "";
    return mark.parentNode.textContent.trim();
  }

  function problem() {
    if (confidence) return "";
    var kept = chosen().length;
    if (kept > seats) {
      return form.dataset.msgTooMany.replace("{kept}", kept).replace("{seats}", seats);
    }
    if (kept === 0 && lines.length > 1) return form.dataset.msgNone;
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
