// The question editor, enhanced: "Check this answer" (and the moves of an ordering answer) is
// sent in the background and only the "try an answer" box comes back, so what the teacher is
// writing stays as it is. Without this script the same buttons post the whole form and the
// page comes back with the result. Enter in an answer box checks the answer instead of saving.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form || !form.dataset.previewUrl || !window.fetch || !window.FormData) return;

  function isPreview(button) {
    if (!button || !button.closest("#preview")) return false;
    return (button.name === "action" && button.value === "preview") || button.name === "move";
  }

  function check(button) {
    var preview = document.getElementById("preview");
    var data = new FormData(form, button);
    preview.setAttribute("aria-busy", "true");
    return fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#preview");
        if (!fresh) throw new Error("no preview");
        preview.replaceWith(fresh);
        var moved = button.name === "move" && fresh.querySelector(".order");
        var target = moved ? fresh.querySelector(".order__btn") : fresh.querySelector("#preview-result");
        if (target) target.focus();
      })
      .catch(function () {
        preview.removeAttribute("aria-busy");
        form.requestSubmit(button); // the page does it without the script
      });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!isPreview(button) || form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    check(button).then(function () { delete form.dataset.sending; });
  });

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    var preview = event.target.closest("#preview");
    if (!preview) return;
    event.preventDefault();
    var button = preview.querySelector('button[name="action"][value="preview"]');
    if (button) form.requestSubmit(button);
  });
})();
