// The quiz page, enhanced: autosave as you answer (kept in localStorage and retried when the
// connection drops), one question at a time or all of them, a per-question prompt language,
// ordering by buttons, the Devanagari helper, the passage in a dialog on phones, a countdown.
// Without this file every question still has its own form and Save button.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var quiz = document.getElementById("quiz");
  if (!quiz) return;

  var attemptId = quiz.dataset.attempt;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.content : "";
  var sections = Array.prototype.slice.call(quiz.querySelectorAll("section.q"));
  var byId = {};
  sections.forEach(function (section) { byId[section.dataset.qid] = section; });
  var notice = document.getElementById("quiz-notice");
  var finished = false;

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // UI text comes from data-msg-* attributes (translated on the server); {name} placeholders.
  function msg(name, values) {
    var text = quiz.dataset["msg" + name] || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function isAnswered(value) {
    if (value === null || value === undefined) return false;
    if (typeof value === "string") return value.trim() !== "";
    if (Array.isArray(value)) return value.some(isAnswered);
    return true;
  }

  // ---- Reading and writing answers, per question type (the server's FORM_ANSWERS mirror) ----
  function text(form) {
    var field = form.querySelector("[name=answer]");
    return field && field.value.trim() ? field.value : null;
  }
  function setText(form, value) {
    var field = form.querySelector("[name=answer]");
    if (field) field.value = value === null || value === undefined ? "" : String(value);
  }
  function checkedValues(form) {
    return all(form, "input[name=answer]:checked").map(function (input) { return input.value; });
  }

  var TYPES = {
    mcq: {
      read: function (form) {
        var chosen = checkedValues(form);
        return chosen.length ? Number(chosen[0]) : null;
      },
      write: function (form, value) {
        all(form, "input[name=answer]").forEach(function (input) {
          input.checked = Number(input.value) === value;
        });
      },
    },
    multi: {
      read: function (form) {
        var chosen = checkedValues(form).map(Number);
        return chosen.length ? chosen : null;
      },
      write: function (form, value) {
        var chosen = Array.isArray(value) ? value : [];
        all(form, "input[name=answer]").forEach(function (input) {
          input.checked = chosen.indexOf(Number(input.value)) >= 0;
        });
      },
    },
    true_false: {
      read: function (form) {
        var chosen = checkedValues(form);
        return chosen.length ? chosen[0] === "true" : null;
      },
      write: function (form, value) {
        all(form, "input[name=answer]").forEach(function (input) {
          input.checked = input.value === String(value);
        });
      },
    },
    numeric: { read: text, write: setText },
    short_answer: { read: text, write: setText },
    translation: { read: text, write: setText },
    cloze: {
      read: function (form) {
        var blanks = all(form, "[name=blank]").map(function (field) { return field.value; });
        return isAnswered(blanks) ? blanks : null;
      },
      write: function (form, value) {
        all(form, "[name=blank]").forEach(function (field, i) {
          field.value = Array.isArray(value) && typeof value[i] === "string" ? value[i] : "";
        });
      },
    },
    matching: {
      read: function (form) {
        var picks = all(form, "select[name=pick]").map(function (select) {
          return select.value === "" ? null : Number(select.value);
        });
        return isAnswered(picks) ? picks : null;
      },
      write: function (form, value) {
        all(form, "select[name=pick]").forEach(function (select, i) {
          var pick = Array.isArray(value) ? value[i] : null;
          select.value = pick === null || pick === undefined ? "" : String(pick);
        });
      },
    },
    ordering: {
      read: function (form) {
        return all(form, "input[name=item]").map(function (input) { return Number(input.value); });
      },
      write: function (form, value) {
        if (!Array.isArray(value)) return;
        var list = form.querySelector(".order");
        value.forEach(function (index) {
          var item = list.querySelector('.order__item[data-index="' + index + '"]');
          if (item) list.appendChild(item);
        });
        renumber(list);
      },
    },
  };

  function readAnswer(section) {
    return TYPES[section.dataset.type].read(section.querySelector("form"));
  }

  // ---- Status, progress and the question list ----------------------------------------------
  function setStatus(section, kind, text) {
    var status = section.querySelector(".q__status");
    status.className = "q__status" + (kind ? " q__status--" + kind : "");
    status.textContent = text;
  }

  function setError(section, message) {
    var error = section.querySelector(".q__error");
    error.textContent = message || "";
    error.hidden = !message;
  }

  function markAnswered(section, answered) {
    section.classList.toggle("is-answered", answered);
    var link = quiz.querySelector('.qnav__link[data-qid="' + section.dataset.qid + '"]');
    if (link) {
      link.classList.toggle("is-answered", answered);
      link.setAttribute("aria-label", answered ? link.dataset.labelAnswered : link.dataset.label);
    }
    updateProgress();
  }

  function updateProgress() {
    var done = sections.filter(function (s) { return s.classList.contains("is-answered"); }).length;
    var bar = document.getElementById("progress");
    if (bar) bar.value = done;
    var label = document.getElementById("progress-text");
    if (label) label.textContent = msg("Progress", { num: done, total: sections.length });
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = false;
  }

  // ---- Autosave ----------------------------------------------------------------------------
  // Every answer is written to localStorage first and removed only once the server has it,
  // so a dropped connection or a closed tab loses nothing: it is re-sent later.
  var KEY_PREFIX = "quizapp:answer:" + attemptId + ":";
  var state = {};

  function stateOf(qid) {
    if (!state[qid]) state[qid] = { inflight: false, again: false, delay: 0, timer: null, debounce: null };
    return state[qid];
  }

  function remember(qid, value) {
    var store = storage();
    if (store) {
      try { store.setItem(KEY_PREFIX + qid, JSON.stringify({ answer: value, at: Date.now() })); } catch (e) { /* full */ }
    }
  }

  function pending(qid) {
    var store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(KEY_PREFIX + qid)); } catch (e) { return null; }
  }

  function forget(qid, sent) {
    var store = storage();
    var entry = pending(qid);
    if (store && entry && (sent === undefined || JSON.stringify(entry.answer) === JSON.stringify(sent))) {
      store.removeItem(KEY_PREFIX + qid);
    }
  }

  function pendingIds() {
    var store = storage();
    var ids = [];
    if (!store) return ids;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(KEY_PREFIX) === 0) ids.push(key.slice(KEY_PREFIX.length));
    }
    return ids;
  }

  function saveNow(section) {
    var qid = section.dataset.qid;
    var s = stateOf(qid);
    clearTimeout(s.debounce);
    s.debounce = null;
    var value = readAnswer(section);
    if (JSON.stringify(value) === s.lastSaved && !pending(qid)) return;  // nothing new
    remember(qid, value);
    send(qid);
  }

  function saveSoon(section) {
    var s = stateOf(section.dataset.qid);
    clearTimeout(s.debounce);
    s.debounce = setTimeout(function () { saveNow(section); }, 600);
  }

  function send(qid) {
    var section = byId[qid];
    var s = stateOf(qid);
    var entry = pending(qid);
    if (!section || !entry || finished) return;
    if (s.inflight) { s.again = true; return; }
    clearTimeout(s.timer);
    s.timer = null;
    s.inflight = true;
    var value = entry.answer;
    setStatus(section, "saving", msg("Saving"));
    fetch(section.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken,
      },
      body: JSON.stringify({ answer: value }),
    }).then(function (response) {
      if (response.ok) return saved(section, value);
      return response.json().catch(function () { return {}; }).then(function (body) {
        refused(section, response.status, body);
      });
    }, function () {
      failed(section);
    }).then(function () {
      s.inflight = false;
      if (s.again) {
        s.again = false;
        send(qid);
      }
    });
  }

  function saved(section, value) {
    var qid = section.dataset.qid;
    var s = stateOf(qid);
    forget(qid, value);
    s.lastSaved = JSON.stringify(value);
    s.delay = 0;
    setError(section, "");
    markAnswered(section, isAnswered(value));
    if (!pending(qid)) setStatus(section, "saved", isAnswered(value) ? msg("Saved") : msg("Cleared"));
  }

  function failed(section) {
    var s = stateOf(section.dataset.qid);
    setStatus(section, "retry", msg("Retry"));
    s.delay = Math.min(30000, s.delay ? s.delay * 2 : 1500);
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { send(section.dataset.qid); }, s.delay);
  }

  function refused(section, status, body) {
    var qid = section.dataset.qid;
    var message = (body && body.message) || "";
    if (status === 409) {
      finishAttempt(msg("Closed"));
    } else if (status >= 500 || status === 408 || status === 429) {
      failed(section);
    } else if (status === 422) {
      forget(qid);  // this answer will never be taken as it is; the learner must change it
      setStatus(section, "error", "");
      setError(section, message);
    } else {
      setStatus(section, "error", "");
      setError(section, message || String(status));
    }
  }

  function finishAttempt(text) {
    if (finished) return;
    finished = true;
    pendingIds().forEach(function (qid) { forget(qid); });
    showNotice(text);
    setTimeout(function () { window.location.assign(quiz.dataset.resultsUrl); }, 1500);
  }

  function retryAll() {
    pendingIds().forEach(function (qid) {
      var s = stateOf(qid);
      s.delay = 0;
      send(qid);
    });
  }

  function flushAll() {
    sections.forEach(function (section) {
      if (stateOf(section.dataset.qid).debounce) saveNow(section);
    });
  }

  function anyInflight() {
    return Object.keys(state).some(function (qid) { return state[qid].inflight; });
  }

  sections.forEach(function (section) {
    var form = section.querySelector("form");
    if (section.classList.contains("is-answered")) {
      stateOf(section.dataset.qid).lastSaved = JSON.stringify(readAnswer(section));
    }
    form.addEventListener("input", function (event) {
      if (event.target.matches("input[type=text], textarea")) {
        setStatus(section, "", "");
        saveSoon(section);
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.matches("input, select, textarea")) saveNow(section);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      saveNow(section);
    });
  });

  window.addEventListener("online", retryAll);

  // Checking an answer (immediate feedback) grades what the server holds: send the answer
  // still waiting first (a moment at most), then let the form go.
  all(quiz, "form.q__check").forEach(function (form) {
    var section = form.closest("section.q");
    form.addEventListener("submit", function (event) {
      if (stateOf(section.dataset.qid).debounce) saveNow(section);
      if (!stateOf(section.dataset.qid).inflight) return;
      event.preventDefault();
      var started = Date.now();
      (function wait() {
        if (!stateOf(section.dataset.qid).inflight || Date.now() - started > 4000) form.submit();
        else setTimeout(wait, 100);
      })();
    });
  });

  // Coming back: anything the server never acknowledged is put back and sent again, unless
  // the server holds a newer answer (saved later from another tab or device).
  pendingIds().forEach(function (qid) {
    var section = byId[qid];
    var entry = pending(qid);
    if (!section || !entry || section.dataset.checked) { forget(qid); return; }
    var serverTime = Date.parse(section.dataset.savedAt || "");
    if (serverTime && serverTime > entry.at) { forget(qid); return; }
    TYPES[section.dataset.type].write(section.querySelector("form"), entry.answer);
    send(qid);
  });

  // Going to the submit page: send what is still waiting first (a moment at most).
  var review = document.getElementById("review-link");
  if (review) {
    review.addEventListener("click", function (event) {
      flushAll();
      if (!anyInflight()) return;
      event.preventDefault();
      var started = Date.now();
      (function wait() {
        if (!anyInflight() || Date.now() - started > 4000) window.location.assign(review.href);
        else setTimeout(wait, 100);
      })();
    });
  }

  // ---- Ordering: Move up / Move down -------------------------------------------------------
  function renumber(list) {
    var items = all(list, ".order__item");
    items.forEach(function (item, position) {
      item.querySelector(".order__pos").textContent = String(position + 1);
      all(item, ".order__btn").forEach(function (button) {
        var up = button.dataset.dir === "up";
        button.value = (up ? "up-" : "down-") + position;
        var stuck = up ? position === 0 : position === items.length - 1;
        if (stuck) button.setAttribute("aria-disabled", "true");
        else button.removeAttribute("aria-disabled");
      });
    });
  }

  quiz.addEventListener("click", function (event) {
    var button = event.target.closest(".order__btn");
    if (!button) return;
    event.preventDefault();
    if (button.getAttribute("aria-disabled") === "true") return;
    var item = button.closest(".order__item");
    var list = item.parentNode;
    var up = button.dataset.dir === "up";
    var other = up ? item.previousElementSibling : item.nextElementSibling;
    if (!other) return;
    if (up) list.insertBefore(item, other);
    else list.insertBefore(other, item);
    renumber(list);
    var items = all(list, ".order__item");
    var position = items.indexOf(item);
    if (button.getAttribute("aria-disabled") === "true") {
      button = item.querySelector('.order__btn[data-dir="' + (up ? "down" : "up") + '"]');
    }
    button.focus();
    announceMove(item, position, items.length);
  });

  function announceMove(item, position, total) {
    var section = item.closest("section.q");
    section.querySelector(".order__live").textContent = msg("Moved", {
      item: item.querySelector(".order__text").textContent.trim(),
      position: position + 1,
      total: total,
    });
    saveNow(section);
  }

  // ---- Ordering: drag an item (mouse, pen or touch), as an extra to the buttons ---------------
  // Pointer events rather than HTML drag and drop, which phones do not all support. The
  // buttons stay the way for keyboards and screen readers; dragging only adds a shortcut.
  var dragged = null;
  all(quiz, ".order__item").forEach(function (item) {
    item.classList.add("is-draggable");
  });

  quiz.addEventListener("pointerdown", function (event) {
    var item = event.target.closest(".order__item");
    if (!item || event.target.closest(".order__btn") || event.button > 0) return;
    // A finger drags by the number badge only, so swiping over the list still scrolls the page.
    if (event.pointerType !== "mouse" && !event.target.closest(".order__pos")) return;
    dragged = { item: item, list: item.parentNode, start: indexIn(item), moved: false };
    item.setPointerCapture(event.pointerId);
    item.classList.add("is-dragging");
    event.preventDefault();
  });

  quiz.addEventListener("pointermove", function (event) {
    if (!dragged) return;
    var items = all(dragged.list, ".order__item");
    var target = null;
    items.forEach(function (other) {
      var box = other.getBoundingClientRect();
      if (other !== dragged.item && event.clientY > box.top && event.clientY < box.bottom) {
        target = other;
      }
    });
    if (!target) return;
    var after = indexIn(target) > indexIn(dragged.item);
    dragged.list.insertBefore(dragged.item, after ? target.nextElementSibling : target);
    dragged.moved = true;
    renumber(dragged.list);
  });

  function endDrag() {
    if (!dragged) return;
    var done = dragged;
    dragged = null;
    done.item.classList.remove("is-dragging");
    var position = indexIn(done.item);
    if (done.moved && position !== done.start) {
      announceMove(done.item, position, all(done.list, ".order__item").length);
    }
  }
  quiz.addEventListener("pointerup", endDrag);
  quiz.addEventListener("pointercancel", endDrag);

  function indexIn(item) {
    return all(item.parentNode, ".order__item").indexOf(item);
  }

  // ---- One question at a time / all ---------------------------------------------------------
  var VIEW_KEY = "quizapp:view";
  var viewSwitch = document.getElementById("view-switch");
  var steps = document.getElementById("steps");
  var prev = document.getElementById("step-prev");
  var next = document.getElementById("step-next");
  var where = document.getElementById("step-where");
  var current = 0;
  var wideView = window.matchMedia("(min-width: 900px)");

  function view() {
    return quiz.classList.contains("is-one") ? "one" : "all";
  }

  function indexOfHash() {
    var target = window.location.hash.slice(1);
    for (var i = 0; i < sections.length; i++) if (sections[i].id === target) return i;
    return -1;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, i) { section.classList.toggle("is-current", i === current); });
    all(quiz, ".qnav__link").forEach(function (link, i) {
      if (i === current && view() === "one") link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    var chip = quiz.querySelectorAll(".qnav__link")[current];
    if (chip && view() === "one") {
      var strip = chip.closest(".qnav__list");
      strip.scrollLeft = chip.offsetLeft - strip.offsetLeft - strip.clientWidth / 2 + chip.offsetWidth / 2;
    }
    prev.disabled = current === 0;
    next.disabled = current === sections.length - 1;
    where.textContent = sections[current].querySelector(".q__title").textContent;
    if (focus) {
      var title = sections[current].querySelector(".q__title");
      title.focus({ preventScroll: true });
      sections[current].scrollIntoView({ block: "start" });
    }
  }

  function setView(name, remember) {
    quiz.classList.toggle("is-one", name === "one");
    steps.hidden = name !== "one";
    all(viewSwitch, "input").forEach(function (input) { input.checked = input.value === name; });
    if (remember) {
      var store = storage();
      if (store) store.setItem(VIEW_KEY, name);
    }
    show(current, false);
  }

  viewSwitch.hidden = false;
  viewSwitch.addEventListener("change", function (event) {
    setView(event.target.value, true);
    if (event.target.value === "one") sections[current].scrollIntoView({ block: "start" });
  });
  prev.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  quiz.addEventListener("click", function (event) {
    var link = event.target.closest(".qnav__link");
    if (!link || view() !== "one") return;
    event.preventDefault();
    show(sections.indexOf(byId[link.dataset.qid]), true);
    history.replaceState(null, "", link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () {
    var index = indexOfHash();
    if (index >= 0 && view() === "one") show(index, true);
  });

  var start = indexOfHash();
  if (start < 0) {
    start = sections.findIndex(function (s) { return !s.classList.contains("is-answered"); });
  }
  current = start < 0 ? 0 : start;
  // A set its teacher gives one question per page starts so; otherwise as the learner last chose.
  var savedView = quiz.dataset.startView || (storage() && storage().getItem(VIEW_KEY));
  setView(savedView === "one" || savedView === "all" ? savedView : (wideView.matches ? "all" : "one"), false);

  // ---- Prompt language per question (sets with prompts in both languages) ------------------
  function optionText(option, lang) {
    var hi = option.dataset.hi || "";
    var en = option.dataset.en || "";
    if (lang === "hi") return hi || en;
    if (lang === "en") return en || hi;
    return [hi, en].filter(Boolean).join(" · ");
  }

  all(quiz, ".qlang").forEach(function (fieldset) {
    fieldset.hidden = false;
    fieldset.addEventListener("change", function (event) {
      var lang = event.target.value;
      var section = fieldset.closest("section.q");
      ["hi", "en", "both"].forEach(function (name) {
        section.classList.toggle("lang-" + name, name === lang);
      });
      all(section, "option[data-hi]").forEach(function (option) {
        option.textContent = optionText(option, lang);
      });
    });
  });

  // ---- Devanagari helper for romanised typing ------------------------------------------------
  var translitUrl = quiz.dataset.translitUrl;
  var translitCache = {};

  function showTranslit(field, helper, typed) {
    var latin = /[A-Za-z]/.test(typed);
    if (!latin) { helper.hidden = true; return; }
    var fill = function (devanagari) {
      if (field.value !== typed) return;  // typed on meanwhile
      helper.querySelector(".translit__out").textContent = devanagari;
      helper.hidden = !devanagari || devanagari === typed;
    };
    if (translitCache[typed] !== undefined) { fill(translitCache[typed]); return; }
    fetch(translitUrl + "?text=" + encodeURIComponent(typed), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { devanagari: "" }; })
      .then(function (body) { translitCache[typed] = body.devanagari; fill(body.devanagari); })
      .catch(function () { helper.hidden = true; });
  }

  all(quiz, "[data-translit]").forEach(function (field) {
    var section = field.closest("section.q");
    var helper = section.querySelector(".translit");
    var timer = null;
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { showTranslit(field, helper, field.value); }, 300);
    });
    helper.querySelector(".translit__use").addEventListener("click", function () {
      field.value = helper.querySelector(".translit__out").textContent;
      helper.hidden = true;
      field.focus();
      saveNow(section);
    });
  });

  // ---- The passage: side panel on wide screens, a dialog on phones ---------------------------
  var dialog = document.getElementById("ctx-dialog");
  var openButton = document.getElementById("ctx-open");
  if (dialog && openButton && typeof dialog.showModal === "function") {
    var body = document.getElementById("ctx-body");
    var home = body.parentNode;
    var dialogBody = document.getElementById("ctx-dialog-body");
    openButton.hidden = false;
    quiz.classList.add("has-ctx-dialog");
    openButton.addEventListener("click", function () {
      dialogBody.appendChild(body);
      dialog.showModal();
    });
    document.getElementById("ctx-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      home.appendChild(body);
      openButton.focus();
    });
  }

  // ---- Time limit (the server enforces it; this only shows it) ------------------------------
  var timer = document.getElementById("timer");
  if (timer) {
    var clock = document.getElementById("timer-clock");
    var live = document.getElementById("timer-live");
    var remaining = Number(timer.dataset.remaining);
    var grace = Number(timer.dataset.grace) || 10;
    var loaded = Date.now();
    var announced = {};
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var tick = function () {
      var left = Math.max(0, Math.round(remaining - (Date.now() - loaded) / 1000));
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      clock.textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(left % 60);
      timer.classList.toggle("timer--low", left <= 120);
      if (left <= 300 && left > 60 && !announced.five) {
        announced.five = true;
        live.textContent = msg("MinutesLeft", { num: Math.ceil(left / 60) });
      }
      if (left <= 60 && left > 0 && !announced.one) {
        announced.one = true;
        live.textContent = msg("OneMinuteLeft");
      }
      if (left === 0) {
        clearInterval(interval);
        flushAll();
        showNotice(msg("Timeup"));
        // The server finishes the attempt once its grace period is over; then reload.
        setTimeout(function () { window.location.reload(); }, (grace + 2) * 1000);
      }
    };
    var interval = setInterval(tick, 1000);
    tick();
  }
})();
