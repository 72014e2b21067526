// Class pages: the login slips page's print button (CSP allows no inline script).
"use strict";

document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
