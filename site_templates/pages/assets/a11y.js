// Accessibility fixes the theme leaves to us: a name for the search dialog, and wide tables that
// scroll inside their own box (reachable by keyboard) instead of widening the whole page on a phone.
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

  function setup() {
    nameSearchDialog();
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
