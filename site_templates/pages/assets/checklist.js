// Ticked checklist items, remembered in this browser only (localStorage), keyed by playbook slug and item id,
// so the state survives rebuilds and two playbooks never share it. Shows progress on each page and on the
// home page, exports and imports it as a small JSON file, and notes ticks for items that no longer exist.
(function () {
  "use strict";
  var FORMAT = "playbook-progress";

  function prefix(slug) { return "playbook:" + slug + ":"; }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, on) {
    try { if (on) { localStorage.setItem(key, "1"); } else { localStorage.removeItem(key); } } catch (e) { /* storage blocked */ }
  }
  function remembered(slug) {
    var ids = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix(slug)) === 0 && localStorage.getItem(key) === "1") { ids.push(key.slice(prefix(slug).length)); }
      }
    } catch (e) { /* storage blocked */ }
    return ids.sort();
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }
  function steps(n) { return n === 1 ? "1 step" : n + " steps"; }

  // Each page with checklists: tick boxes, and "N of M steps on this page done" under the title.
  function setupPage() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".pb-checklist input[type=checkbox][data-item]"));
    if (!boxes.length) { return; }
    var slug = boxes[0].closest(".pb-checklist").dataset.playbook;
    var status = el("p", { "class": "pb-progress", "role": "status", "id": "pb-page-progress" });
    var title = document.querySelector(".md-content h1");
    if (title) { title.insertAdjacentElement("afterend", status); }
    function count() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      status.textContent = done + " of " + steps(boxes.length) + " on this page done";
    }
    boxes.forEach(function (box) {
      var key = prefix(slug) + box.dataset.item;
      box.checked = read(key) === "1";
      box.addEventListener("change", function () { write(key, box.checked); count(); });
    });
    count();
  }

  // The home page: progress over the whole playbook, export / import, and ticks for items that are gone.
  function setupHome() {
    var home = document.querySelector(".pb-home-progress[data-playbook]");
    if (!home) { return; }
    var slug = home.dataset.playbook;
    var all = (home.dataset.items || "").split(" ").filter(Boolean);
    var known = {};
    all.forEach(function (id) { known[id] = true; });
    var status = el("p", { "class": "pb-progress", "role": "status", "id": "pb-home-count" });
    var gone = el("div", { "class": "pb-gone", "id": "pb-gone" });
    var message = el("p", { "class": "pb-message", "role": "status", "id": "pb-import-message" });
    var exportButton = el("button", { "type": "button", "class": "md-button", "id": "pb-export" }, "Export my progress");
    var importLabel = el("label", { "class": "md-button", "for": "pb-import" }, "Import progress");
    var importInput = el("input", { "type": "file", "id": "pb-import", "accept": "application/json,.json", "class": "pb-file" });
    var actions = el("p", { "class": "pb-actions" });
    actions.append(exportButton, " ", importInput, importLabel);
    home.append(status, actions, message, gone);

    function render() {
      var ticked = remembered(slug);
      var done = ticked.filter(function (id) { return known[id]; }).length;
      status.textContent = "You have done " + done + " of " + steps(all.length) + " in this playbook.";
      var missing = ticked.filter(function (id) { return !known[id]; });
      gone.textContent = "";
      if (!missing.length) { return; }
      var note = el("p", {}, "This browser remembers " + steps(missing.length) +
        " you ticked that " + (missing.length === 1 ? "is" : "are") + " no longer in this playbook (its content changed): " +
        missing.join(", ") + ".");
      var forget = el("button", { "type": "button", "class": "md-button", "id": "pb-forget" }, "Forget them");
      forget.addEventListener("click", function () {
        missing.forEach(function (id) { write(prefix(slug) + id, false); });
        render();
      });
      gone.append(note, forget);
    }

    exportButton.addEventListener("click", function () {
      var data = { format: FORMAT, version: 1, playbook: slug, exported: new Date().toISOString(), done: remembered(slug) };
      var link = el("a", { download: slug + "-progress.json" });
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }));
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        message.textContent = importProgress(text, slug, known);
        importInput.value = "";
        render();
      });
    });
    render();
  }

  // Adds the ticks of an exported file to this browser; returns what happened, in words.
  function importProgress(text, slug, known) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return "That file is not a progress file (it is not JSON)."; }
    if (!data || data.format !== FORMAT || !Array.isArray(data.done)) { return "That file is not a playbook progress file."; }
    var added = 0, skipped = 0;
    data.done.forEach(function (id) {
      if (typeof id === "string" && known[id]) { write(prefix(slug) + id, true); added++; } else { skipped++; }
    });
    var text2 = "Imported " + steps(added) + ".";
    if (skipped) { text2 += " Skipped " + steps(skipped) + " that " + (skipped === 1 ? "is" : "are") + " not in this playbook."; }
    if (data.playbook !== slug) { text2 += " The file came from another playbook (" + String(data.playbook) + ")."; }
    return text2;
  }

  function setup() { setupPage(); setupHome(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
