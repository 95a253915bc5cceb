// Saving national report answers as you type. Progressive enhancement: without this file
// every section still saves with its button. Text not yet saved is kept in localStorage
// (per report and question) until the server has it, so a closed tab, a lost connection
// or an expired session loses nothing; a busy server (503) or a lost connection is tried
// again by itself, less and less often.
(function () {
  "use strict";
  var editor = document.getElementById("report-editor");
  if (!editor) return;
  var status = document.getElementById("save-status");
  var saveUrl = editor.dataset.saveUrl;
  var storeKey = "smallarms:report:" + editor.dataset.report + ":";
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var timers = {};

  function valueOf(fieldset) {
    var code = fieldset.dataset.code;
    var type = fieldset.dataset.type;
    var name = "q-" + code;
    if (type === "multiple_choice") {
      return Array.prototype.map.call(
        fieldset.querySelectorAll("input[name='" + name + "']:checked"),
        function (input) { return input.value; });
    }
    if (type === "yes_no_na" || type === "single_choice") {
      var checked = fieldset.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : "";
    }
    if (type === "contact") {
      var contact = {};
      // The address is a textarea (it keeps its lines), the other details inputs.
      fieldset.querySelectorAll("[name^='" + name + "-']").forEach(function (input) {
        contact[input.name.slice(name.length + 1)] = input.value;
      });
      return contact;
    }
    if (type === "table") {
      var rows = [];
      fieldset.querySelectorAll("tbody tr").forEach(function (tr) {
        var row = {};
        tr.querySelectorAll("input").forEach(function (input) {
          var parts = input.name.split("-");
          row[parts[parts.length - 1]] = input.value;
        });
        rows.push(row);
      });
      return rows;
    }
    var single = fieldset.querySelector("[name='" + name + "']");
    return single ? single.value : "";
  }

  function restore(fieldset, value) {
    var code = fieldset.dataset.code;
    var type = fieldset.dataset.type;
    var name = "q-" + code;
    if (type === "multiple_choice" || type === "yes_no_na" || type === "single_choice") {
      var chosen = Array.isArray(value) ? value : [value];
      fieldset.querySelectorAll("input[name='" + name + "']").forEach(function (input) {
        input.checked = chosen.indexOf(input.value) !== -1;
      });
    } else if (type === "contact") {
      Object.keys(value || {}).forEach(function (key) {
        var input = fieldset.querySelector("[name='" + name + "-" + key + "']");
        if (input) input.value = value[key];
      });
    } else if (type === "table") {
      var trs = fieldset.querySelectorAll("tbody tr");
      (value || []).forEach(function (row, index) {
        if (!trs[index]) return;
        Object.keys(row).forEach(function (key) {
          var input = trs[index].querySelector("input[name$='-" + index + "-" + key + "']");
          if (input) input.value = row[key];
        });
      });
    } else {
      var single = fieldset.querySelector("[name='" + name + "']");
      if (single) single.value = value;
    }
  }

  function say(fieldset, text, isError) {
    var place = fieldset.querySelector(".save-state");
    if (place) {
      place.textContent = text;
      place.classList.toggle("error", !!isError);
    }
    if (status) status.textContent = text;
  }

  // Seconds between attempts when the server is busy or out of reach: doubling from what
  // the server asked (Retry-After), up to this, with jitter so that the editors of many
  // people do not all come back at the same instant.
  var RETRY_MAX_SECONDS = 30;
  var sending = {};  // question code: a save of it is on its way
  var again = {};    // question code: it changed while its save was on its way
  var attempts = {}; // question code: saves in a row the server was busy for or missed

  function retryLater(fieldset, seconds) {
    var code = fieldset.dataset.code;
    attempts[code] = (attempts[code] || 0) + 1;
    var delay = Math.min(RETRY_MAX_SECONDS, seconds * Math.pow(2, attempts[code] - 1));
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(fieldset); },
                              delay * (0.75 + Math.random() * 0.5) * 1000);
  }

  function save(fieldset) {
    var code = fieldset.dataset.code;
    var revisionInput = fieldset.querySelector("input[name='rev-" + code + "']");
    var restricted = fieldset.querySelector("input[name='restricted-" + code + "']");
    var body = {
      value: valueOf(fieldset),
      revision: parseInt(revisionInput.value, 10) || 0,
      restricted: restricted ? restricted.checked : false,
    };
    var kept = JSON.stringify(body);
    localStorage.setItem(storeKey + code, kept);
    // One save of an answer at a time: a second one sent before the first is answered
    // would carry the same revision and be refused as if someone else had saved first.
    if (sending[code]) {
      again[code] = true;
      return;
    }
    sending[code] = true;
    fetch(saveUrl.replace("CODE", encodeURIComponent(code)), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: kept,
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (data) {
          revisionInput.value = data.revision;
          attempts[code] = 0;
          // Text typed while this save was on its way stays kept until it is saved too.
          if (localStorage.getItem(storeKey + code) === kept) {
            localStorage.removeItem(storeKey + code);
          }
          say(fieldset, editor.dataset.msgSaved, false);
        });
      }
      if (response.status === 503) {
        // The server is busy and saved nothing: the text stays kept and is sent again.
        retryLater(fieldset, parseInt(response.headers.get("Retry-After"), 10) || 1);
        say(fieldset, editor.dataset.msgBusy, false);
        return;
      }
      if (response.status === 502 || response.status === 504) {
        retryLater(fieldset, 2);
        say(fieldset, editor.dataset.msgKept, true);
        return;
      }
      if (response.status === 400 || response.status === 409) {
        return response.json().then(function (data) {
          if (response.status === 409) {
            // Keep the person's text; the next save deliberately replaces the other one,
            // and only once the person has seen this message.
            revisionInput.value = data.revision;
            again[code] = false;
            say(fieldset, data.error + " — " + data.theirs, true);
          } else {
            localStorage.removeItem(storeKey + code);
            say(fieldset, data.error, true);
          }
        });
      }
      say(fieldset, editor.dataset.msgKept, true);
    }).catch(function () {
      // No answer at all (the connection dropped): kept, and tried again.
      retryLater(fieldset, 2);
      say(fieldset, editor.dataset.msgKept, true);
    }).then(function () {
      sending[code] = false;
      if (again[code]) {
        again[code] = false;
        save(fieldset);
      }
    });
  }

  function schedule(fieldset) {
    var code = fieldset.dataset.code;
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(fieldset); }, 800);
  }

  // A question shown only if an earlier answer has a value (show_if) is hidden otherwise.
  // Without this script every question is shown; the server decides what is required.
  function applyConditions() {
    editor.querySelectorAll("fieldset.question[data-show-if]").forEach(function (fieldset) {
      var other = document.getElementById("q-" + fieldset.dataset.showIf);
      var shown = false;
      if (other && !other.hidden) {
        var value = valueOf(other);
        var expected = fieldset.dataset.showEquals;
        shown = Array.isArray(value) ? value.indexOf(expected) !== -1 : value === expected;
      }
      fieldset.hidden = !shown;
    });
  }
  editor.addEventListener("change", applyConditions);
  applyConditions();

  editor.querySelectorAll("fieldset.question").forEach(function (fieldset) {
    if (fieldset.dataset.type === "attachment") return; // files go with their own form
    fieldset.addEventListener("input", function () { schedule(fieldset); });
    fieldset.addEventListener("change", function () { schedule(fieldset); });
    var kept = localStorage.getItem(storeKey + fieldset.dataset.code);
    if (kept) {
      try {
        var body = JSON.parse(kept);
        restore(fieldset, body.value);
        say(fieldset, editor.dataset.msgRestored, false);
        save(fieldset);
      } catch (error) {
        localStorage.removeItem(storeKey + fieldset.dataset.code);
      }
    }
  });
})();
