// My words. In the reader: "Add to my words" adds in place and shows which words are in the
// list already (the reader page is cached for everyone, so this browser's token and list are
// fetched). On review pages: the Devanagari helper under Hindi answers, and keys 1-4 for the
// self-grading buttons. Every page works without this file.
(function () {
  "use strict";

  // ---- Reader: add in place -----------------------------------------------------------------
  var list = document.querySelector("[data-words-state]");
  if (list && window.fetch && window.FormData) {
    var state = null;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    list.parentNode.insertBefore(live, list);

    var markAdded = function (form) {
      var button = form.querySelector("button");
      var word = button.querySelector("[lang]");
      button.textContent = list.dataset.wordsAdded;
      if (word) button.appendChild(word);
      button.setAttribute("aria-disabled", "true");
      button.classList.add("is-added");
    };
    var formFor = function (entryId) {
      return list.querySelector('.gentry__add input[name=entry][value="' + entryId + '"]');
    };

    fetch(list.dataset.wordsState, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        state = body;
        if (!body || !body.signed_in) return;
        body.added.forEach(function (entryId) {
          var input = formFor(entryId);
          if (input) markAdded(input.form);
        });
      })
      .catch(function () { /* offline: the forms post as usual */ });

    list.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("gentry__add")) return;
      // A guest's post goes on to the sign-in page, as without JavaScript.
      if (!state || !state.signed_in) return;
      event.preventDefault();
      var button = form.querySelector("button");
      if (button.getAttribute("aria-disabled") === "true") return;
      var data = new FormData(form);
      data.append("csrf_token", state.csrf_token);
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function () {
          var word = button.querySelector("[lang]");
          markAdded(form);
          live.textContent = list.dataset.wordsMessage.replace("{word}", word ? word.textContent.trim() : "");
        })
        .catch(function () { form.submit(); });
    });

    // A word tapped or clicked in the text: its meaning pops up (reader.js); add a button
    // there that adds the word through its glossary entry's form (keyboard users have the
    // list's buttons, where each word link leads).
    var reader = document.getElementById("reader");
    var popover = document.getElementById("gloss-popover");
    if (reader && popover) {
      reader.addEventListener("click", function (event) {
        var word = event.target.closest ? event.target.closest(".gw") : null;
        if (!word || popover.hidden) return;
        var entry = document.getElementById(word.getAttribute("href").slice(1));
        var form = entry ? entry.querySelector(".gentry__add") : null;
        if (!form) return;
        var source = form.querySelector("button");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "gadd gloss-popover__add";
        button.textContent = source.firstChild ? source.firstChild.textContent : "";
        if (source.getAttribute("aria-disabled") === "true") {
          button.setAttribute("aria-disabled", "true");
          button.classList.add("is-added");
        }
        button.addEventListener("click", function () {
          if (button.getAttribute("aria-disabled") === "true") return;
          if (state && state.signed_in) {
            button.setAttribute("aria-disabled", "true");
            button.classList.add("is-added");
            button.textContent = list.dataset.wordsAdded;
          }
          if (typeof form.requestSubmit === "function") form.requestSubmit();
          else form.submit();
        });
        popover.appendChild(button);
      });
    }
  }

  // ---- Review: Devanagari helper for romanised typing -------------------------------------
  var answerForm = document.querySelector(".review-answer");
  var field = answerForm ? answerForm.querySelector("[data-translit]") : null;
  if (field && window.fetch) {
    var helper = answerForm.querySelector(".translit");
    var out = helper.querySelector(".translit__out");
    var cache = {};
    var timer = null;
    var show = function (typed) {
      if (!/[A-Za-z]/.test(typed)) { helper.hidden = true; return; }
      var fill = function (devanagari) {
        if (field.value !== typed) return;  // typed on meanwhile
        out.textContent = devanagari;
        helper.hidden = !devanagari || devanagari === typed;
      };
      if (cache[typed] !== undefined) { fill(cache[typed]); return; }
      fetch(answerForm.dataset.translitUrl + "?text=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { devanagari: "" }; })
        .then(function (body) { cache[typed] = body.devanagari; fill(body.devanagari); })
        .catch(function () { helper.hidden = true; });
    };
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(field.value); }, 300);
    });
    helper.querySelector(".translit__use").addEventListener("click", function () {
      field.value = out.textContent;
      helper.hidden = true;
      field.focus();
    });
  }

  // ---- Review: keys 1-4 grade a shown answer ------------------------------------------------
  var grades = document.querySelector(".self-grade");
  if (grades) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var tag = event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      var button = grades.querySelector('button[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
    });
  }
})();
