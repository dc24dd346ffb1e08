// Swagger UI draws some controls without a name a screen reader can announce, and code
// samples that scroll but cannot be reached from the keyboard. As it draws, name each select
// after its parameter (or what it chooses) and make each scrolling code sample focusable.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }

  function nameOf(select) {
    var row = select.closest("tr[data-param-name]");
    if (row) {
      return "Value of " + row.getAttribute("data-param-name");
    }
    var response = select.closest("tr[data-code]");
    if (select.classList.contains("examples-select-element")) {
      return "Example" + (response ? " for response " + response.getAttribute("data-code") : "");
    }
    if (select.closest(".content-type-wrapper, .body-param-content-type")) {
      return "Media type" + (response ? " for response " + response.getAttribute("data-code") : "");
    }
    if (select.closest(".servers")) {
      return "Server";
    }
    return "Choice";
  }

  function mend() {
    root.querySelectorAll("select:not([aria-label]):not([aria-labelledby])").forEach(function (select) {
      if (!select.id || !document.querySelector('label[for="' + select.id + '"]')) {
        select.setAttribute("aria-label", nameOf(select));
      }
    });
    root.querySelectorAll("pre.microlight:not([tabindex]), .highlight-code pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }

  new MutationObserver(mend).observe(root, { childList: true, subtree: true });
  mend();
})();
