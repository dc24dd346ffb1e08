/* Under each plain-English summary (a textarea with data-readability-url), say its reading age
   as the officer types, asked of the admin (the same measure the saved record shows). The
   message is a polite live region tied to the field by aria-describedby. */
(function () {
  "use strict";

  var WAIT_MS = 400;

  function token(field) {
    var input = field.form && field.form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function attach(field) {
    var message = document.createElement("div");
    message.className = "help readability";
    message.id = field.id + "_readability";
    message.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", message);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + message.id);

    var timer = null;
    var asked = 0;
    function ask() {
      var number = ++asked;
      var body = new FormData();
      body.append("text", field.value);
      fetch(field.getAttribute("data-readability-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token(field) },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (number !== asked) {
            return; // a later question is on its way
          }
          message.textContent = "Reading age: " + answer.message;
          message.classList.toggle("readability--too-hard", Boolean(answer.too_hard));
        })
        .catch(function () {
          if (number === asked) {
            message.textContent = "The reading age could not be worked out just now.";
          }
        });
    }
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    });
    if (field.value.trim()) {
      ask();
    }
  }

  document.querySelectorAll("textarea[data-readability-url]").forEach(attach);
})();
