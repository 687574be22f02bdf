// The Monday planner page: takes the list (a file or pasted text), shows the plan soap-plan.js makes of it,
// and offers it as soap-list.csv and on paper. The list is kept in this browser through the one store (as a
// blank, so clearing the playbook's store clears it too) and each application's "Sent" tick is a tick like any
// other, keyed by the program's NRMP code (or its name, specialty and position). Nothing is sent anywhere.
(function () {
  "use strict";
  var page, el, store;  // page.js and store.js load after the page's own scripts: taken once the page is read
  var LIST = "Monday planner list";
  var SENT = "soap-sent-";
  var current = null;  // {rows, name} of the plan on screen

  function $(id) { return document.getElementById(id); }
  function data() { return window.playbookPlannerData; }

  // A stable id for a program's Sent tick.
  function sentId(row) {
    var key = row.nrmp_code ? row.nrmp_code.toLowerCase()
      : [window.playbookPlanner.normaliseName(row.program, data().words), row.specialty, row.position].join(" ");
    return SENT + key.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 120);
  }

  function say(text) { $("pb-planner-status").textContent = text; }

  function show(source, name) {
    var started = performance.now();
    var result = window.playbookPlanner.plan(data(), source, name);
    var box = $("pb-planner-result");
    box.textContent = "";
    current = null;
    if (!result.ok) {
      box.appendChild(el("h2", { id: "pb-planner-unread" }, "The list could not be read"));
      box.appendChild(lines(result.lines));
      say("Nothing planned: fix the file as the lines below say, then give it again.");
      return result;
    }
    var plan = result.plan;
    current = { rows: plan.rows, name: name };
    box.appendChild(applications(plan));
    if (plan.problems.length) {
      box.appendChild(el("h2", { id: "pb-planner-skipped" }, "Rows it could not read"));
      box.appendChild(lines(plan.problems));
    }
    box.appendChild(excluded(plan));
    box.appendChild(el("h2", { id: "pb-planner-summary" }, "Summary"));
    box.appendChild(list(plan.summary.map(function (line) { return line.replace("(reasons in soap-list.md)", "(reasons above)"); })));
    bindTicks(box);
    var n = plan.rows.filter(function (r) { return r.rank; }).length;
    say("Planned " + name + ": " + n + (n === 1 ? " application" : " applications") + " in " +
      Math.max(1, Math.round(performance.now() - started)) + " ms.");
    box.dataset.planned = name;
    return result;
  }

  function lines(texts) {
    var ul = el("ul", { class: "pb-planner-problems" });
    texts.forEach(function (t) { var li = el("li"); li.appendChild(el("code", {}, t)); ul.appendChild(li); });
    return ul;
  }
  function list(texts) {
    var ul = el("ul");
    texts.forEach(function (t) { ul.appendChild(el("li", {}, t)); });
    return ul;
  }

  function applications(plan) {
    var part = document.createDocumentFragment();
    part.appendChild(el("h2", { id: "pb-planner-applications" }, "Your applications, best first"));
    part.appendChild(el("p", { class: "pb-planner-lead" }, plan.summary[0]));
    var tools = el("p", { class: "pb-planner-tools" });
    var csv = el("button", { type: "button", class: "md-button md-button--primary", id: "pb-planner-download" }, "Download CSV");
    csv.addEventListener("click", download);
    var print = el("button", { type: "button", class: "md-button", id: "pb-planner-print" }, "Print");
    print.addEventListener("click", function () { window.print(); });
    tools.appendChild(csv);
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(print);
    part.appendChild(tools);
    var ol = el("ol", { class: "pb-planner-list" });
    plan.rows.filter(function (r) { return r.rank; }).forEach(function (r) { ol.appendChild(application(r)); });
    if (!ol.children.length) { part.appendChild(el("p", {}, "No program on this list fits your plan.")); }
    else { part.appendChild(ol); }
    return part;
  }

  function application(r) {
    var id = sentId(r);
    var li = el("li", { class: "pb-planner-app", value: r.rank });
    var head = el("p", { class: "pb-planner-name" });
    head.appendChild(el("strong", {}, r.rank + ". " + r.program));
    if (r.nrmp_code) { head.appendChild(el("span", { class: "pb-planner-code" }, " " + r.nrmp_code)); }
    li.appendChild(head);
    li.appendChild(el("p", { class: "pb-planner-where" }, r.specialty + ", " + r.position + (r.state ? " · " + r.state : "")));
    var tier = el("p", { class: "pb-planner-why" });
    tier.appendChild(el("span", { class: "pb-tier pb-tier-" + r.tier.toLowerCase() }, r.tier));
    tier.appendChild(document.createTextNode(r.why ? ": " + r.why : ""));
    li.appendChild(tier);
    li.appendChild(el("p", { class: "pb-planner-send" }, "Statement: " + r.statement + " · Letters: " +
      (r.letters || "none in your profile")));
    if (r.notes) { li.appendChild(el("p", { class: "pb-planner-notes" }, "Your notes: " + r.notes)); }
    var sent = el("p", { class: "pb-planner-sent" });
    var box = el("input", { type: "checkbox", id: "check-" + id, "data-item": id });
    sent.appendChild(box);
    sent.appendChild(el("label", { for: "check-" + id }, "Sent"));
    li.appendChild(sent);
    return li;
  }

  function excluded(plan) {
    var part = document.createDocumentFragment(), out = plan.rows.filter(function (r) { return !r.rank; });
    if (!out.length) { return part; }
    part.appendChild(el("h2", { id: "pb-planner-excluded" }, "Excluded"));
    var ul = el("ul", { class: "pb-planner-out" });
    out.forEach(function (r) {
      ul.appendChild(el("li", {}, r.program + " (" + r.specialty + "): " + r.tier.replace(/^excluded: /, "")));
    });
    part.appendChild(ul);
    return part;
  }

  // Sent ticks live in the one store; checklist.js keeps every data-item box in step with it.
  function bindTicks(root) {
    page.all("input[data-item]", root).forEach(function (box) {
      box.checked = store.done(box.dataset.item);
      box.dataset.bound = "1";
      box.addEventListener("change", function () { store.setDone(box.dataset.item, box.checked); });
    });
  }

  function download() {
    if (!current) { return; }
    var text = window.playbookPlanner.toCsv(current.rows, data().words);
    var link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })), download: "soap-list.csv" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function keep(text, name) { store.setBlank(LIST, JSON.stringify({ name: name, text: text })); }

  function fromFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var bytes = new Uint8Array(reader.result), result = show(bytes, file.name);
      if (result.ok) {
        var text = new TextDecoder("utf-8").decode(bytes);
        keep(text, file.name);
      }
    };
    reader.onerror = function () { say("The file could not be opened: " + file.name); };
    reader.readAsArrayBuffer(file);
  }

  function fromPaste() {
    var text = $("pb-planner-paste").value;
    if (!text.trim()) { say("Paste the list first: its header row, then one program a row."); return; }
    if (show(text, "pasted list").ok) { keep(text, "pasted list"); }
  }

  function clear() {
    if (!window.confirm("Clear the list, its plan and its Sent ticks from this device?")) { return; }
    store.setBlank(LIST, "");
    store.ticked().filter(function (id) { return id.indexOf(SENT) === 0; }).forEach(function (id) { store.setDone(id, false); });
    $("pb-planner-file").value = "";
    $("pb-planner-paste").value = "";
    $("pb-planner-result").textContent = "";
    delete $("pb-planner-result").dataset.planned;
    current = null;
    say("Cleared: nothing of the list is kept in this browser.");
  }

  function setup() {
    var form = $("pb-planner");
    if (!form || form.dataset.ready || !data() || !window.playbookPlanner) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    $("pb-planner-file").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (file) { fromFile(file); }
    });
    $("pb-planner-go").addEventListener("click", fromPaste);
    $("pb-planner-clear").addEventListener("click", clear);
    var kept = store.blank(LIST);
    if (kept) {
      try {
        var saved = JSON.parse(kept);
        show(saved.text, saved.name);
      } catch (e) { store.setBlank(LIST, ""); }
    }
  }

  function start() {
    page = window.playbookPage; el = page.el; store = window.playbookStore;
    page.ready(setup);
  }

  window.playbookPlannerPage = { show: show, sentId: sentId };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
