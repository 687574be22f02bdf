// The one store of what this browser remembers about a playbook: ticked steps and filled-in blanks, in
// localStorage, keyed by the playbook's slug (from the page's first [data-playbook] element) so two
// playbooks on one site never share them. A tick is "playbook:<slug>:<step id>" = "1" (step ids are stable
// across rebuilds); a blank is "playbook-fill:<slug>:<label>" = what she typed. Every other script reads and
// writes through window.playbookStore and hears each change, made on this page or in another tab.
(function () {
  "use strict";
  var listeners = [];

  function slug() {
    var marked = document.querySelector("[data-playbook]");
    return marked ? marked.dataset.playbook : "";
  }
  function tickKey(id) { return "playbook:" + slug() + ":" + id; }
  function fillKey(label) { return "playbook-fill:" + slug() + ":" + label; }
  function get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function put(key, value) {
    try {
      if (value === null || value === "") { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* storage blocked: the page still works for this visit */ }
  }
  function changed() { listeners.forEach(function (fn) { fn(); }); }

  // Every step id this browser has ticked for this playbook, sorted.
  function ticked() {
    var prefix = tickKey(""), ids = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0 && localStorage.getItem(key) === "1") { ids.push(key.slice(prefix.length)); }
      }
    } catch (e) { /* storage blocked */ }
    return ids.sort();
  }

  window.addEventListener("storage", function (event) {
    if (!event.key || event.key.indexOf(tickKey("")) === 0 || event.key.indexOf(fillKey("")) === 0) { changed(); }
  });

  window.playbookStore = {
    slug: slug,
    done: function (id) { return get(tickKey(id)) === "1"; },
    setDone: function (id, on) { put(tickKey(id), on ? "1" : null); changed(); },
    ticked: ticked,
    blank: function (label) { return get(fillKey(label)) || ""; },
    setBlank: function (label, value) { put(fillKey(label), value); changed(); },
    onChange: function (fn) { listeners.push(fn); }
  };
})();
