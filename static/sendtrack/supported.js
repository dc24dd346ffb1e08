// Tell GOV.UK Frontend's styles that its JavaScript will run (the browser supports modules).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
