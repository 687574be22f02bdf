// Small helpers every page script shares: run once the page is there (and after each of the theme's instant
// page loads), find elements, make elements.
(function () {
  "use strict";
  window.playbookPage = {
    ready: function (fn) {
      if (window.document$ && window.document$.subscribe) { window.document$.subscribe(fn); }
      else if (document.readyState !== "loading") { fn(); }
      else { document.addEventListener("DOMContentLoaded", fn); }
    },
    all: function (selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); },
    el: function (tag, attrs, text) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
      if (text) { node.textContent = text; }
      return node;
    }
  };
})();
