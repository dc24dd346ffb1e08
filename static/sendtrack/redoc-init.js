// Starts ReDoc on the API documentation page with the schema address and settings that the
// page carries as data attributes (a file, not an inline script, for the Content-Security-Policy).
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  var settings = JSON.parse(container.dataset.settings || "{}");
  window.Redoc.init(container.dataset.schemaUrl, settings, container);
})();
