// Forms, progressively enhanced: the pages work without this script.
// After a failed submission, focus moves to the error summary (screen readers read it first);
// its links then focus the field in error and bring its label into view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    var input = target.matches("fieldset") ? target.querySelector("input, select, textarea") : target;
    var group = target.closest(".field") || target;
    event.preventDefault();
    group.scrollIntoView({ block: "start" });
    if (input) {
      input.focus({ preventScroll: true });
    }
  });
})();
