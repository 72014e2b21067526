// The reader page is cached for everyone, so this browser's quizzes (best scores, Resume)
// are fetched into it. Without this file the placeholder is a link to the same list.
(function () {
  "use strict";
  var slot = document.getElementById("reader-quizzes");
  if (!slot || !window.fetch) return;
  fetch(slot.dataset.src, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then(function (response) { return response.ok ? response.text() : null; })
    .then(function (html) {
      if (!html) return;
      var parsed = new DOMParser().parseFromString(html, "text/html");
      var list = parsed.querySelector(".quiz-sets");
      if (!list) return;
      slot.textContent = "";
      slot.appendChild(document.importNode(list, true));
      slot.classList.add("is-loaded");
    })
    .catch(function () { /* offline: the link stays */ });
})();
