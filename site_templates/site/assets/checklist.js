// Remembers ticked checklist items in this browser only (localStorage), keyed by playbook and item id.
(function () {
  "use strict";
  function key(list, id) { return "playbook:" + list.dataset.playbook + ":" + id; }
  function setup() {
    document.querySelectorAll(".pb-checklist").forEach(function (list) {
      list.querySelectorAll("input[type=checkbox][data-item]").forEach(function (box) {
        var k = key(list, box.dataset.item);
        try { box.checked = localStorage.getItem(k) === "1"; } catch (e) { /* storage blocked */ }
        box.addEventListener("change", function () {
          try { box.checked ? localStorage.setItem(k, "1") : localStorage.removeItem(k); } catch (e) { /* ignore */ }
        });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
