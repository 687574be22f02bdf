// Accessibility fixes the theme leaves to us: a name for the search dialog, and wide tables that
// scroll inside their own box (reachable by keyboard) instead of widening the whole page on a phone.
// Built by Zensical, the search dialog is drawn inside a shadow root and needs two fixes of its own.
(function () {
  "use strict";

  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (!dialog || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) { return; }
    var input = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  }

  // Markdown tables come wrapped by the theme; tables written as HTML get the same kind of box.
  function wrapTables() {
    document.querySelectorAll(".md-content table").forEach(function (table) {
      if (table.closest(".md-typeset__scrollwrap, .pb-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "pb-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  // A box that scrolls sideways must be focusable, or keyboard users cannot scroll it.
  function markScrollable() {
    document.querySelectorAll(".md-content .md-typeset__scrollwrap, .md-content .pb-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table, scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }

  // Zensical's search dialog: the path under each result is too faint to read (3.4:1 on white, 4.48:1
  // on the dark palette; 4.5:1 is needed), and the box its results scroll in cannot be reached by
  // keyboard. Found by what it is (a dialog with a list box of results), not by the theme's class names.
  var ZENSICAL_SEARCH_CSS = "[role=listbox] [id$='-path'] { color: rgb(var(--color-foreground) / .64); }";

  function fixZensicalSearch(tries) {
    var hosts = Array.prototype.filter.call(document.body.children, function (el) { return el.shadowRoot; });
    if (!hosts.length) {
      if (tries > 0) { setTimeout(function () { fixZensicalSearch(tries - 1); }, 250); }
      return;
    }
    hosts.forEach(function (host) {
      var root = host.shadowRoot;
      if (root.querySelector("style[data-playbook]")) { return; }
      var style = document.createElement("style");
      style.setAttribute("data-playbook", "");
      style.textContent = ZENSICAL_SEARCH_CSS;
      root.appendChild(style);
      var reachResults = function () {
        var list = root.querySelector("dialog [role=listbox]");
        var box = list && list.parentElement;
        if (box && box.getAttribute("tabindex") !== "0") { box.setAttribute("tabindex", "0"); }
      };
      new MutationObserver(reachResults).observe(root, { childList: true, subtree: true, attributes: true,
                                                         attributeFilter: ["tabindex"] });
      reachResults();
    });
  }

  function setup() {
    nameSearchDialog();
    fixZensicalSearch(8);
    wrapTables();
    markScrollable();
  }

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollable, 150);
  });
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
