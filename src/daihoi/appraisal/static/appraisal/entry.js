/* A cell's list by keyboard: Enter moves to the same column on the next line (the last line's
   Enter, or Ctrl+Enter anywhere, saves the list). */
(function () {
  "use strict";
  var form = document.getElementById("entry");
  if (!form) return;
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var field = e.target;
    if (!field.dataset || !field.dataset.col) {
      if (e.ctrlKey) { e.preventDefault(); form.requestSubmit(); }
      return;
    }
    e.preventDefault();
    if (e.ctrlKey) { form.requestSubmit(); return; }
    var row = field.closest("tr");
    var next = row && row.nextElementSibling;
    while (next) {
      var target = next.querySelector("[data-col='" + field.dataset.col + "']:not([disabled])");
      if (target) { target.focus(); if (target.select) target.select(); return; }
      next = next.nextElementSibling;
    }
    form.requestSubmit();
  });
})();
