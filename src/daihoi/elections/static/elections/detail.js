/* The candidate form: picking a member from the search fills the name and the link. */
document.addEventListener("click", function (ev) {
  var b = ev.target.closest(".member-pick");
  if (!b) return;
  document.getElementById("id_full_name").value = b.dataset.name;
  document.getElementById("id_member").value = b.dataset.id;
  document.getElementById("member-found").innerHTML = "";
});
