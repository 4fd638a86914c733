// Runs first in <body> (a classic script, as the GOV.UK template's inline snippet would; our
// Content-Security-Policy allows no inline scripts). Tells GOV.UK Frontend's CSS that JavaScript runs.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
