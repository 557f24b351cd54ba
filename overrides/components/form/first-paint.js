// Inline, classic, inside each form right after its last field (form.html): it runs while the
// page is parsed, before the form is painted, and puts the saved answers into the fields, rows
// the reader added included, and shows the row buttons and the reveals as the engine will. The engine
// (form.mjs, a deferred module) then reads the same record and takes over without a visible
// change. It never throws and never writes: blocked storage, broken JSON, an older version or an
// unknown field leave the page as it is, and the engine reports what it finds.
(function () {
  var root = document.currentScript.parentElement;
  // form.css keeps the fields out of sight while the page is parsed, until this has run.
  try {
    fillFromStorage();
  } catch {
    // Never: each step below catches its own failure.
  }
  root.dataset.atnFilled = "";

  function fillFromStorage() {
    try {
      var definition = JSON.parse(root.dataset.definition);
      var base = (window.__md_scope || new URL(root.dataset.root, location.href)).pathname;
      var raw = localStorage.getItem("after-the-no:" + base + ":form:" + definition.id);
      var paper = localStorage.getItem("after-the-no:" + base + ":paper-name");
    } catch {
      // No storage: the engine says so. Only the follow-up questions settle now.
      try { reveal(root); } catch { /* the engine will */ }
      return;
    }
    try {
      var record = raw && JSON.parse(raw);
      if (record && (record.format !== 2 || record.form !== definition.id || record.version !== definition.version)) record = null;
      var answers = (record && record.answers) || {};
      fill(root, definition.fields, answers);
      var groups = root.querySelectorAll("[data-group]");
      for (var i = 0; i < groups.length; i++) {
        var group = groups[i], id = group.dataset.group, kind = definition.fields[id];
        var rows = record && record.rows && record.rows[id];
        if (kind && Array.isArray(answers[id]) && Array.isArray(rows)) placeRows(group, kind, rows, answers[id]);
        number(group);
      }
      reveal(root);
      // The name and role printed on filled copies, one for every form (form.mjs startPaperName).
      var names = (paper && JSON.parse(paper)) || {}, inputs = root.querySelectorAll("[data-paper-name]");
      for (var n = 0; n < inputs.length; n++) if (typeof names[inputs[n].dataset.paperName] === "string") inputs[n].value = names[inputs[n].dataset.paperName];
    } catch {
      // Nothing to do: the engine reads the same record and says what is wrong with it.
    }
  }

  function fill(scope, fields, values) {
    for (var id in values) {
      var kind = Object.prototype.hasOwnProperty.call(fields, id) && fields[id], value = values[id];
      if (!kind || kind.type === "group") continue;
      var controls = scope.querySelectorAll('[data-field="' + CSS.escape(id) + '"]');
      for (var i = 0; i < controls.length; i++) {
        var control = controls[i];
        if (control.type === "checkbox") control.checked = value === true;
        else if (control.type === "radio") control.checked = value !== "" && control.value === String(value);
        else if (typeof value === "string") control.value = value;
      }
    }
  }

  // The engine's rule (fields.mjs placeRows): the page's own rows first, then a copy of the
  // template for each further row, each named by its saved id so the engine keeps it.
  function placeRows(group, kind, ids, values) {
    var list = group.querySelector("[data-rows]"), own = list.children;
    var count = Math.min(ids.length, values.length, Number(group.dataset.max));
    for (var i = 0; i < count; i++) {
      var row = own[i] || list.appendChild(newRow(group, "f" + ids[i]));
      row.dataset.rowId = ids[i];
      fill(row, kind.fields, values[i] || {});
    }
  }

  function newRow(group, key) {
    var row = group.querySelector("template[data-row-template]").content.firstElementChild.cloneNode(true);
    var all = [row].concat([].slice.call(row.querySelectorAll("*")));
    var names = ["id", "for", "name", "aria-controls", "aria-describedby"];
    for (var i = 0; i < all.length; i++) {
      for (var j = 0; j < names.length; j++) {
        var value = all[i].getAttribute(names[j]);
        if (value && value.indexOf("__ROW__") >= 0) all[i].setAttribute(names[j], value.split("__ROW__").join(key));
      }
    }
    return row;
  }

  // Row names, remove buttons and Add as the engine shows them (fields.mjs renumber).
  function number(group) {
    var rows = group.querySelector("[data-rows]").children, min = Number(group.dataset.min);
    var full = rows.length >= Number(group.dataset.max);
    for (var i = 0; i < rows.length; i++) {
      var name = rows[i].querySelector("[data-row-name]"), remove = rows[i].querySelector('[data-action="remove-row"]');
      name.textContent = name.textContent.replace(/\d+$|__NUMBER__/, i + 1);
      remove.textContent = remove.textContent.replace(/\d+$|__NUMBER__/, i + 1);
      remove.hidden = rows.length <= min;
    }
    var add = group.querySelector('[data-action="add-row"]'), why = group.querySelector("[data-row-limit]");
    add.hidden = false;
    add.disabled = full;
    if (why) why.hidden = !full;
    if (why && full) add.setAttribute("aria-describedby", why.id);
  }

  // Only the chosen option's follow-up questions show (fields.mjs showReveals).
  function reveal(scope) {
    var sets = scope.querySelectorAll("fieldset[data-field-root]");
    for (var i = 0; i < sets.length; i++) {
      var chosen = sets[i].querySelector("input[type=radio]:checked"), reveals = sets[i].querySelectorAll(":scope > [data-reveal-for]");
      for (var j = 0; j < reveals.length; j++) reveals[j].hidden = !chosen || reveals[j].dataset.revealFor !== chosen.value;
    }
  }
})();
