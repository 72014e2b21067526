// Live lessons: the projector and the phone follow the lesson by polling its state (with
// If-None-Match, so an unchanged lesson costs a 304) about once a second. When something the
// viewer sees changes, the page's own HTML is fetched and its changing parts swapped in, so
// the server renders (and translates) everything. Offline: "Reconnecting…", then it resumes
// by itself; an answer given meanwhile is kept and sent when the connection is back.
// Without this file the buttons and the answer form still work; the page then needs a reload.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;

  var role = root.dataset.role;
  var stateUrl = root.dataset.stateUrl;
  var pageUrl = root.dataset.page;
  var etag = root.dataset.etag ? 'W/"' + root.dataset.etag + '"' : "";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.content : "";
  var offline = document.getElementById("live-offline");
  var POLL_MS = 800;  // every phone sees a new question within a second
  var inflight = false;
  var failures = 0;
  var timer = null;
  var pending = null;  // the phone's answer not yet stored: {question_id, answer}
  var retryTimer = null;

  function msg(name) { return root.dataset["msg" + name] || ""; }

  function setOffline(isOffline) {
    if (offline) offline.hidden = !isOffline;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(poll, delay);
  }

  function poll() {
    if (inflight) return;
    inflight = true;
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(stateUrl, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag") || "";
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        setOffline(false);
        if (pending) sendAnswer();
        return state ? changed(state) : null;
      })
      .catch(function () {
        failures += 1;
        setOffline(true);
      })
      .then(function () {
        inflight = false;
        var delay = document.hidden ? 5000 : failures ? Math.min(3000, POLL_MS * (1 + failures)) : POLL_MS;
        schedule(delay);
      });
  }

  // Something this viewer sees changed: fetch the page and swap in the parts that did.
  function changed(state) {
    var stage = document.getElementById("live-stage");
    var moved = !stage || stage.dataset.state !== state.state || stage.dataset.index !== String(state.index === null ? "" : state.index);
    var versionChanged = stage && stage.dataset.version !== String(state.version);
    if (role === "learner" && !moved) {
      // The same question in the same state: keep what the learner is typing.
      if (versionChanged) stage.dataset.version = String(state.version);
      return null;
    }
    return fetch(pageUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var swap = role === "learner" || moved || versionChanged ? ["live-stage", "live-players"] : ["live-count", "live-players"];
        swap.forEach(function (id) { replace(doc, id); });
        if (role === "learner" && moved) pending = null;
      });
  }

  function replace(doc, id) {
    var fresh = doc.getElementById(id);
    var old = document.getElementById(id);
    if (!fresh || !old) return;
    var focused = document.activeElement;
    var focusKey = focused && old.contains(focused) ? keyOf(focused) : null;
    old.replaceWith(document.importNode(fresh, true));
    if (focusKey) {
      var again = document.getElementById(id).querySelector(focusKey);
      if (again) again.focus();
    }
  }

  // A selector that finds "the same" control in the fresh HTML (a form's button by its action).
  function keyOf(element) {
    var form = element.closest("form");
    if (form && form.getAttribute("action")) {
      return 'form[action="' + form.getAttribute("action") + '"] ' + element.tagName.toLowerCase();
    }
    return element.id ? "#" + element.id : null;
  }

  // ---- The projector's buttons: sent with the CSRF header, answered with the new state ----
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (role === "teacher" && form.matches("form[action]")) {
      event.preventDefault();
      var data = new FormData(form);
      fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
        body: data,
      }).then(function (response) {
        var note = document.getElementById("live-message");
        if (note) note.textContent = "";
        if (!response.ok && note) {
          response.json().then(function (body) { note.textContent = body.message || ""; }, function () {});
        }
        etag = "";  // whatever it was, look again now
        poll();
      }, function () { setOffline(true); });
    } else if (role === "learner" && form.id === "live-answer") {
      event.preventDefault();
      answerFrom(form);
    }
  });

  // ---- The phone: answers saved as they are chosen (typed ones with the button) ----
  root.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#live-answer");
    if (!form) return;
    var type = form.dataset.type;
    if (type === "mcq" || type === "true_false" || type === "multi" || type === "matching") answerFrom(form);
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".order__btn");
    if (!button) return;
    event.preventDefault();
    var item = button.closest("li");
    if (button.dataset.dir === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (button.dataset.dir === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
  });

  function values(form, name) {
    return Array.prototype.map.call(form.querySelectorAll('[name="' + name + '"]'), function (f) { return f.value; });
  }

  function readAnswer(form) {
    var type = form.dataset.type;
    var checked = Array.prototype.map.call(form.querySelectorAll("input[name=answer]:checked"), function (i) { return i.value; });
    if (type === "mcq") return checked.length ? parseInt(checked[0], 10) : null;
    if (type === "multi") return checked.length ? checked.map(function (v) { return parseInt(v, 10); }) : null;
    if (type === "true_false") return checked.length ? checked[0] === "true" : null;
    if (type === "cloze") {
      var blanks = values(form, "blank");
      return blanks.some(function (v) { return v.trim() !== ""; }) ? blanks : null;
    }
    if (type === "matching") {
      var picks = values(form, "pick").map(function (v) { return v === "" ? null : parseInt(v, 10); });
      return picks.some(function (v) { return v !== null; }) ? picks : null;
    }
    if (type === "ordering") return values(form, "item").map(function (v) { return parseInt(v, 10); });
    var text = form.querySelector("[name=answer]");
    return text && text.value.trim() !== "" ? text.value : null;
  }

  function status(name, text, isError) {
    var box = document.getElementById("live-saved");
    if (!box) return;
    box.dataset.status = name;
    box.textContent = text;
    box.classList.toggle("live-error", Boolean(isError));
  }

  function answerFrom(form) {
    var answer = readAnswer(form);
    if (answer === null) return;
    pending = { question_id: parseInt(form.dataset.question, 10), answer: answer };
    sendAnswer();
  }

  function sendAnswer() {
    if (!pending) return;
    var sending = pending;
    clearTimeout(retryTimer);
    status("saving", msg("Saving"));
    fetch(root.dataset.answerUrl, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(sending),
    }).then(function (response) {
      if (pending === sending) pending = null;
      if (response.ok) {
        setOffline(false);
        status("saved", msg("Saved"));
        return null;
      }
      if (response.status >= 500 || response.status === 429) {
        pending = pending || sending;
        throw new Error("HTTP " + response.status);
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        status("refused", msg("Refused") + " " + (body.message || ""), true);
        if (response.status === 409) { etag = ""; poll(); }
      });
    }).catch(function () {
      status("retry", msg("Retry"), true);
      setOffline(true);
      retryTimer = setTimeout(sendAnswer, 2000);
    });
  }

  window.addEventListener("online", function () { setOffline(false); etag = etag || ""; poll(); });
  window.addEventListener("offline", function () { setOffline(true); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  schedule(POLL_MS);
})();
