// The review page: focusing a field (or a chip of the legend) lights up where the reader
// found its value in the article, and brings the first place into view.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  if (!text) return;
  function show(key) {
    text.querySelectorAll("mark.focus").forEach(function (m) { m.classList.remove("focus"); });
    if (!key) return;
    var marks = text.querySelectorAll("mark.k-" + key);
    marks.forEach(function (m) { m.classList.add("focus"); });
    if (marks.length) marks[0].scrollIntoView({block: "center", behavior: "smooth"});
  }
  document.querySelectorAll(".row-field").forEach(function (row) {
    row.addEventListener("focusin", function () { show(row.dataset.key); });
  });
  document.querySelectorAll(".chip[data-key]").forEach(function (chip) {
    chip.addEventListener("click", function (e) { e.preventDefault(); show(chip.dataset.key); });
  });
})();
