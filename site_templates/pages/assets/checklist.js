// Tick boxes: every checkbox with a data-item, on any page (checklists, the home page, the timeline), is the
// step's tick in the one store, so a tick made anywhere shows everywhere. Pages with checklists also say
// "N of M steps on this page done" under their title.
(function () {
  "use strict";
  var page = window.playbookPage;
  var store = window.playbookStore;

  function boxes() { return Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-item]")); }
  function steps(n) { return n === 1 ? "1 step" : n + " steps"; }

  function refresh() {
    boxes().forEach(function (box) { box.checked = store.done(box.dataset.item); });
    var status = document.getElementById("pb-page-progress");
    if (!status) { return; }
    var listed = boxes().filter(function (box) { return box.closest(".pb-checklist:not(.pb-next)"); });
    var done = listed.filter(function (box) { return box.checked; }).length;
    status.textContent = done + " of " + steps(listed.length) + " on this page done";
  }

  function setup() {
    var all = boxes();
    all.forEach(function (box) {
      if (box.dataset.bound) { return; }
      box.dataset.bound = "1";
      box.addEventListener("change", function () { store.setDone(box.dataset.item, box.checked); });
    });
    var title = document.querySelector(".md-content h1");
    if (title && !document.getElementById("pb-page-progress") && document.querySelector(".pb-checklist:not(.pb-next)")) {
      var status = document.createElement("p");
      status.className = "pb-progress";
      status.id = "pb-page-progress";
      status.setAttribute("role", "status");
      title.insertAdjacentElement("afterend", status);
    }
    refresh();
  }

  store.onChange(refresh);
  page.ready(setup);
})();
