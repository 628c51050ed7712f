/* "/" jumps to the search box. */
document.addEventListener("keydown", e => {
  const t = e.target;
  if (e.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) {
    e.preventDefault();
    const q = document.getElementById("q"); q.focus(); q.select();
  }
});
