/* The agenda, for whoever runs the congress: the edit rows fold open, N/P (or the arrows) step. */
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-edit]");
  if (b) { var row = document.getElementById("edit-" + b.dataset.edit); row.hidden = !row.hidden; if (!row.hidden) row.querySelector("input").focus(); }
});
document.addEventListener("keydown", function (e) {
  if (e.target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "n" || e.key === "N" || e.key === "ArrowRight") { document.getElementById("agenda-next").click(); }
  if (e.key === "p" || e.key === "P" || e.key === "ArrowLeft") { document.getElementById("agenda-prev").click(); }
});
