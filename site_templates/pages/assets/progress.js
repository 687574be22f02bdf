// The home page's progress block: the total done, export and import of the ticks as a small JSON file, and
// a note on ticks this browser remembers for steps that are no longer in the playbook.
(function () {
  "use strict";
  var page = window.playbookPage, el = page.el;
  var FORMAT = "playbook-progress";
  var store = window.playbookStore;

  function steps(n) { return n === 1 ? "1 step" : n + " steps"; }
  function block() { return document.querySelector(".pb-home-progress[data-items]"); }
  function known() {
    var ids = {};
    (block().dataset.items || "").split(" ").filter(Boolean).forEach(function (id) { ids[id] = true; });
    return ids;
  }

  function refresh() {
    var home = block();
    if (!home || !document.getElementById("pb-home-count")) { return; }
    var ids = known(), all = Object.keys(ids).length, ticked = store.ticked();
    var done = ticked.filter(function (id) { return ids[id]; }).length;
    document.getElementById("pb-home-count").textContent = "You have done " + done + " of " + steps(all) + " in this playbook.";
    var summary = document.querySelector("#pb-progress-fold .pb-sum-count");
    if (summary) { summary.textContent = ": " + done + " of " + steps(all) + " done"; }
    var missing = ticked.filter(function (id) { return !ids[id] && id.indexOf("soap-sent-") !== 0; });  // Sent ticks: the planner's
    var gone = document.getElementById("pb-gone");
    gone.textContent = "";
    if (!missing.length) { return; }
    var details = home.closest("details");
    if (details) { details.open = true; }
    gone.append(el("p", {}, "This browser remembers " + steps(missing.length) + " you ticked that " +
      (missing.length === 1 ? "is" : "are") + " no longer in this playbook (its content changed): " + missing.join(", ") + "."));
    var forget = el("button", { "type": "button", "class": "md-button", "id": "pb-forget" }, "Forget them");
    forget.addEventListener("click", function () { missing.forEach(function (id) { store.setDone(id, false); }); });
    gone.append(forget);
  }

  function exportFile() {
    var data = { format: FORMAT, version: 1, playbook: store.slug(), exported: new Date().toISOString(), done: store.ticked() };
    var link = el("a", { download: store.slug() + "-progress.json" });
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }));
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // Adds the ticks of an exported file to this browser; returns what happened, in words.
  function importText(text) {
    var data, ids = known(), added = 0, skipped = 0;
    try { data = JSON.parse(text); } catch (e) { return "That file is not a progress file (it is not JSON)."; }
    if (!data || data.format !== FORMAT || !Array.isArray(data.done)) { return "That file is not a playbook progress file."; }
    data.done.forEach(function (id) {
      if (typeof id === "string" && ids[id]) { store.setDone(id, true); added++; } else { skipped++; }
    });
    var said = "Imported " + steps(added) + ".";
    if (skipped) { said += " Skipped " + steps(skipped) + " that " + (skipped === 1 ? "is" : "are") + " not in this playbook."; }
    if (data.playbook !== store.slug()) { said += " The file came from another playbook (" + String(data.playbook) + ")."; }
    return said;
  }

  function setup() {
    var home = block();
    if (!home || document.getElementById("pb-home-count")) { return; }
    var message = el("p", { "class": "pb-message", "role": "status", "id": "pb-import-message" });
    var exportButton = el("button", { "type": "button", "class": "md-button", "id": "pb-export" }, "Export my progress");
    var importInput = el("input", { "type": "file", "id": "pb-import", "accept": "application/json,.json", "class": "pb-file" });
    var actions = el("p", { "class": "pb-actions" });
    actions.append(exportButton, " ", importInput, el("label", { "class": "md-button", "for": "pb-import" }, "Import progress"));
    home.append(el("p", { "class": "pb-progress", "role": "status", "id": "pb-home-count" }), actions, message,
      el("div", { "class": "pb-gone", "id": "pb-gone" }));
    exportButton.addEventListener("click", exportFile);
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        message.textContent = importText(text);
        importInput.value = "";
      });
    });
    refresh();
  }

  store.onChange(refresh);
  page.ready(setup);
})();
