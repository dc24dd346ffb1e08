/* Give the admin's autocomplete boxes (Select2) the accessible name of the field they stand for,
   on page load and whenever a row is added to an inline. Multiple-choice boxes drop Select2's
   "remove all" cross, which it places where only list items may go; each chosen item keeps
   its own remove button. */
(function () {
  "use strict";

  function nameFor(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function labelAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = nameFor(select);
      if (!name || !container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll('[role="combobox"], [role="textbox"], [role="searchbox"]').forEach(
        function (element) {
          element.removeAttribute("aria-labelledby");
          element.setAttribute("aria-label", name);
        }
      );
    });
  }

  // This script is deferred, so it runs before the admin starts Select2 on DOMContentLoaded.
  document.querySelectorAll("select.admin-autocomplete[multiple]").forEach(function (select) {
    select.setAttribute("data-allow-clear", "false");
  });

  // Select2 builds its boxes after the page has loaded (and again for each new inline row);
  // label them as soon as they are inserted, before anything else can read the page.
  new MutationObserver(function (mutations) {
    var added = mutations.some(function (mutation) {
      return Array.prototype.some.call(mutation.addedNodes, function (node) {
        return node.nodeType === 1 && node.classList.contains("select2");
      });
    });
    if (added) {
      labelAutocompletes(document);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  labelAutocompletes(document);
})();
