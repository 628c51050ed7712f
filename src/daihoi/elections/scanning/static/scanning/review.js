// The review of a doubtful ballot by keyboard: digits and spaces in the lines field, the
// letters toggle the faults, Enter saves. The checkboxes and the field stay in step.
(function () {
  "use strict";
  var form = document.getElementById("decision");
  if (!form) { return; }
  var field = document.getElementById("id_marks");
  var keys = { u: "id_unstamped", w: "id_write_in", m: "id_identifying_mark", n: "id_not_ballot" };
  var boxes = form.querySelectorAll("input.scan-line");
  function linesFromField() {
    var wanted = {};
    field.value.split(/[\s,]+/).forEach(function (p) { if (p) { wanted[p] = true; } });
    boxes.forEach(function (b) {
      b.checked = !!wanted[b.value];
      var row = document.querySelector('.scan-row[data-line="' + b.value + '"]');
      if (row) { row.classList.toggle("scan-marked", b.checked); }
    });
  }
  function fieldFromBoxes() {
    var lines = [];
    boxes.forEach(function (b) { if (b.checked) { lines.push(b.value); } });
    field.value = lines.join(" ");
  }
  boxes.forEach(function (b) { b.addEventListener("change", fieldFromBoxes); });
  field.addEventListener("input", linesFromField);
  field.addEventListener("keydown", function (e) {
    var id = keys[e.key.toLowerCase()];
    if (id && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      var box = document.getElementById(id);
      box.checked = !box.checked;
    }
  });
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
})();
