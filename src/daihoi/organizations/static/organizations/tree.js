/* The organization tree folds: party cells folded at first, expand/collapse all. */
(function () {
  const table = document.getElementById("org-tree");
  const rows = Array.from(table.querySelectorAll("tbody tr"));
  const kids = {};
  rows.forEach(r => { (kids[r.dataset.parent] = kids[r.dataset.parent] || []).push(r); });
  function setOpen(row, open) {
    const b = row.querySelector("button.toggle");
    if (!b) return;
    b.setAttribute("aria-expanded", open ? "true" : "false");
    b.textContent = open ? "▾" : "▸";
    showChildren(row, open);
  }
  function showChildren(row, visible) {
    (kids[row.dataset.id] || []).forEach(c => {
      c.hidden = !visible;
      const b = c.querySelector("button.toggle");
      showChildren(c, visible && (!b || b.getAttribute("aria-expanded") === "true"));
    });
  }
  table.addEventListener("click", e => {
    const b = e.target.closest("button.toggle");
    if (b) setOpen(b.closest("tr"), b.getAttribute("aria-expanded") !== "true");
  });
  // Grassroots organizations open, their party cells folded: 77 rows fit a screen.
  rows.filter(r => r.dataset.depth === "1").forEach(r => setOpen(r, false));
  document.getElementById("expand-all").onclick = () => rows.forEach(r => setOpen(r, true));
  document.getElementById("collapse-all").onclick = () => rows.filter(r => r.dataset.depth !== "0").forEach(r => setOpen(r, false));
})();
