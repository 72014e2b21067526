// Reader enhancements: instant view switching (remembered), gloss popovers on hover, focus and
// tap, and "listen" through the browser's speech synthesis. The page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var reader = document.getElementById("reader");
  if (!reader) return;
  var form = reader.querySelector(".toolbar");
  var popover = document.getElementById("gloss-popover");

  // ---- View options -------------------------------------------------------------------------
  function currentPrefs() {
    var mode = form.querySelector("input[name=mode]:checked");
    return {
      mode: mode ? mode.value : "side",
      roman: form.querySelector("input[type=checkbox][name=roman]").checked,
      size: form.querySelector("input[type=checkbox][name=size]").checked ? "large" : "normal",
    };
  }

  function applyPrefs(prefs) {
    ["side", "interlinear", "hi", "en"].forEach(function (m) {
      reader.classList.toggle("mode-" + m, m === prefs.mode);
    });
    reader.classList.toggle("roman-on", prefs.roman);
    reader.classList.toggle("size-large", prefs.size === "large");
    reader.classList.toggle("size-normal", prefs.size !== "large");
    reader.querySelectorAll(".sent__hi").forEach(function (d) { d.open = prefs.mode !== "en"; });
    reader.querySelectorAll(".sent__en").forEach(function (d) { d.open = prefs.mode !== "hi"; });
  }

  function savePrefs(prefs) {
    var query = new URLSearchParams({
      mode: prefs.mode, roman: prefs.roman ? "1" : "0", size: prefs.size,
    });
    fetch(reader.dataset.prefsUrl + "?" + query.toString(), { credentials: "same-origin" })
      .catch(function () { /* offline: the choice still applies to this page */ });
  }

  form.addEventListener("change", function () {
    var prefs = currentPrefs();
    applyPrefs(prefs);
    savePrefs(prefs);
    hidePopover();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // ---- Gloss popover ------------------------------------------------------------------------
  var activeWord = null;
  var pinned = false;
  var hideTimer = null;

  function text(el, selector) {
    var found = el.querySelector(selector);
    return found ? found.textContent.trim() : "";
  }

  function fillPopover(word) {
    var entry = document.getElementById(word.getAttribute("href").slice(1));
    if (!entry) return false;
    popover.textContent = "";
    var parts = [
      ["span", "gloss-popover__hi", word.textContent, "hi"],
      ["span", "gloss-popover__rom", word.dataset.r || text(entry, "i"), "hi-Latn"],
      ["span", "gloss-popover__pos", " · " + text(entry, "small"), null],
      ["span", "gloss-popover__en", text(entry, "span"), "en"],
    ];
    var lemma = text(entry, "b");
    if (lemma && lemma !== word.textContent) {
      parts.splice(3, 0, ["span", "gloss-popover__pos", " · " + lemma, "hi"]);
    }
    var note = text(entry, "em");
    if (note) parts.push(["span", "gloss-popover__note", note, "en"]);
    parts.forEach(function (p) {
      var el = document.createElement(p[0]);
      el.className = p[1];
      el.textContent = p[2];
      if (p[3]) el.lang = p[3];
      popover.appendChild(el);
    });
    return true;
  }

  function placePopover(word) {
    var rect = word.getBoundingClientRect();
    popover.hidden = false;
    var width = popover.offsetWidth;
    var left = Math.min(
      Math.max(8, rect.left + window.scrollX + rect.width / 2 - width / 2),
      window.scrollX + document.documentElement.clientWidth - width - 8
    );
    var top = rect.bottom + window.scrollY + 8;
    if (rect.bottom + popover.offsetHeight + 16 > window.innerHeight && rect.top > popover.offsetHeight + 16) {
      top = rect.top + window.scrollY - popover.offsetHeight - 8;
    }
    popover.style.left = left + "px";
    popover.style.top = top + "px";
  }

  function showPopover(word, pin) {
    clearTimeout(hideTimer);
    if (activeWord && activeWord !== word) activeWord.classList.remove("is-active");
    if (!fillPopover(word)) return;
    activeWord = word;
    pinned = pin;
    word.classList.add("is-active");
    word.setAttribute("aria-describedby", "gloss-popover");
    placePopover(word);
  }

  function hidePopover() {
    clearTimeout(hideTimer);
    popover.hidden = true;
    pinned = false;
    if (activeWord) {
      activeWord.classList.remove("is-active");
      activeWord.removeAttribute("aria-describedby");
      activeWord = null;
    }
  }

  function wordFrom(event) {
    return event.target.closest ? event.target.closest(".gw") : null;
  }

  reader.addEventListener("mouseover", function (event) {
    var word = wordFrom(event);
    if (word && !pinned) showPopover(word, false);
  });
  reader.addEventListener("mouseout", function (event) {
    var word = wordFrom(event);
    if (word && !pinned && !word.contains(event.relatedTarget)) {
      hideTimer = setTimeout(hidePopover, 150);
    }
  });
  reader.addEventListener("focusin", function (event) {
    var word = wordFrom(event);
    if (word) showPopover(word, false);
  });
  reader.addEventListener("focusout", function (event) {
    var word = wordFrom(event);
    if (word && !pinned) hidePopover();
  });
  reader.addEventListener("click", function (event) {
    var word = wordFrom(event);
    if (!word) return;
    // A tap shows the meaning in place instead of jumping to the glossary list.
    event.preventDefault();
    if (activeWord === word && pinned) hidePopover();
    else showPopover(word, true);
  });
  document.addEventListener("click", function (event) {
    if (pinned && !wordFrom(event) && !popover.contains(event.target)) hidePopover();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !popover.hidden) {
      var word = activeWord;
      hidePopover();
      if (word) word.focus({ preventScroll: true });
    }
  });
  window.addEventListener("resize", function () { if (activeWord) placePopover(activeWord); });

  // ---- Listen -------------------------------------------------------------------------------
  var synth = window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
  var speakingButton = null;

  function voiceFor(lang) {
    var voices = synth.getVoices();
    var base = lang.split("-")[0];
    return voices.find(function (v) { return v.lang.replace("_", "-") === lang; }) ||
      voices.find(function (v) { return v.lang.split(/[-_]/)[0] === base; }) || null;
  }

  function textToSpeak(target, lang) {
    var selector = lang.indexOf("hi") === 0 ? ".hi" : ".en";
    return Array.prototype.map.call(target.querySelectorAll(selector), function (el) {
      return el.textContent.trim();
    }).join(" ");
  }

  function updateListenButtons() {
    var any = false;
    reader.querySelectorAll(".listen").forEach(function (button) {
      button.hidden = !voiceFor(button.dataset.lang);
      any = any || !button.hidden;
    });
    reader.classList.toggle("has-voices", any);
  }

  function stopSpeaking() {
    synth.cancel();
    if (speakingButton) speakingButton.setAttribute("aria-pressed", "false");
    speakingButton = null;
  }

  reader.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".listen") : null;
    if (!button) return;
    var wasThis = speakingButton === button;
    stopSpeaking();
    if (wasThis) return;
    var target = document.getElementById(button.dataset.speak);
    var utterance = new SpeechSynthesisUtterance(textToSpeak(target, button.dataset.lang));
    utterance.lang = button.dataset.lang;
    utterance.voice = voiceFor(button.dataset.lang);
    utterance.onend = utterance.onerror = function () {
      if (speakingButton === button) stopSpeaking();
    };
    speakingButton = button;
    button.setAttribute("aria-pressed", "true");
    synth.speak(utterance);
  });

  updateListenButtons();
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", updateListenButtons);
  }
})();
