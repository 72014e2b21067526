// The set builder, enhanced: the questions of the set can be dragged into order (the ↑ ↓
// buttons do the same with the keyboard, and without this script). A drop reorders the hidden
// question_ids fields, renumbers the buttons, and says the order is saved with Save.
(function () {
  "use strict";
  var list = document.querySelector(".editor-chosen");
  if (!list) return;
  var dragged = null;

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll(".editor-chosen__item"));
  }

  function renumber() {
    var all = items();
    all.forEach(function (item, index) {
      item.querySelectorAll('button[name="action"]').forEach(function (button) {
        var verb = button.value.split("-")[0];
        button.value = verb + "-" + index;
        var label = button.getAttribute("aria-label");
        if (label) button.setAttribute("aria-label", label.replace(/\d+/, String(index + 1)));
        if (verb === "up") button.disabled = index === 0;
        if (verb === "down") button.disabled = index === all.length - 1;
      });
    });
    var note = document.getElementById("order-note");
    if (note) note.hidden = false;
  }

  items().forEach(function (item) { item.draggable = true; });
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".editor-chosen__item");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
    dragged.classList.add("is-dragging");
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var over = event.target.closest(".editor-chosen__item");
    if (!over || over === dragged) return;
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("drop", function (event) { event.preventDefault(); });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("is-dragging");
    dragged = null;
    renumber();
  });
})();
