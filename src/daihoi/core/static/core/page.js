/* Behaviour every page may use, declared in the markup instead of inline handlers (the
   Content-Security-Policy allows no inline script):
   <form data-confirm="Question?">   asks before submitting;
   <select data-autosubmit>          submits its form when changed;
   <form data-focus-first>           focuses its first field on load;
   <button data-print>               prints the page (the print stylesheet drops the menus). */
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
  function focusFirst() {
    var field = document.querySelector(
      "form[data-focus-first] input:not([type=hidden]), form[data-focus-first] select");
    if (field) field.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusFirst);
  else focusFirst();
})();
