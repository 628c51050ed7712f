/* Behaviour every page may use, declared in the markup instead of inline handlers (the
   Content-Security-Policy allows no inline script):
   <form data-confirm="Question?">   asks before submitting;
   <select data-autosubmit>          submits its form when changed;
   <form data-focus-first>           focuses its first field on load;
   <button data-print>               prints the page (the print stylesheet drops the menus);
   <details class="navgroup">        a group of the menu (or the user's): one open at a time, Esc
                                     or a click elsewhere closes it, arrows move through its
                                     links; in the main menu a group of one link is that link. */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
  document.addEventListener("change", function (e) {
    var select = e.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
  });
  function groups() { return document.querySelectorAll("nav.mainnav details.navgroup"); }
  function links(group) {
    return Array.prototype.slice.call(group.querySelectorAll(".navmenu a, .navmenu button"));
  }
  function closeGroups(except) {
    document.querySelectorAll("details.navgroup").forEach(function (g) {
      if (g !== except) g.open = false;
    });
  }
  document.addEventListener("toggle", function (e) {
    var group = e.target;
    if (group.matches && group.matches("details.navgroup") && group.open) closeGroups(group);
  }, true);
  document.addEventListener("click", function (e) {
    if (!e.target.closest("details.navgroup")) closeGroups(null);
  });
  document.addEventListener("keydown", function (e) {
    var group = e.target.closest && e.target.closest("details.navgroup");
    if (!group) return;
    var items = links(group), at = items.indexOf(e.target);
    if (e.key === "Escape" && group.open) {
      group.open = false;
      group.querySelector("summary").focus();
      e.preventDefault();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      // Close the others now, not on the toggle event (queued for later): the next key
      // may come before it.
      if (!group.open) { group.open = true; closeGroups(group); }
      var step = e.key === "ArrowDown" ? 1 : -1;
      var next = at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length;
      if (items[next]) items[next].focus();
      e.preventDefault();
    }
  });
  function flattenGroups() {
    groups().forEach(function (g) {
      var items = g.querySelectorAll(".navmenu a");
      if (items.length === 1) g.replaceWith(items[0]);
    });
  }
  function focusFirst() {
    var field = document.querySelector(
      "form[data-focus-first] input:not([type=hidden]), form[data-focus-first] select");
    if (field) field.focus();
  }
  function ready() { flattenGroups(); focusFirst(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
