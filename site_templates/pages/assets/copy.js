// Scripts she can use: under each letter box, the blanks it holds, to fill once (a blank is known by its label,
// so "program name" filled for one script fills it in all of them; kept in the one store, like ticks), and a
// button that copies the letter alone, with her blanks filled in and the others left as [label].
// Without script the page is the plain letter with its blanks marked, as it prints.
(function () {
  "use strict";
  var page = window.playbookPage, all = page.all, el = page.el;
  var store = window.playbookStore;

  function labelOf(blank) {
    if (!blank.dataset.label) { blank.dataset.label = blank.textContent; }
    return blank.dataset.label;
  }

  // The letter as plain text: paragraphs apart, list items on their own lines, blanks as filled in.
  function plain(node) {
    if (node.nodeType === Node.TEXT_NODE) { return node.textContent.replace(/\s+/g, " "); }
    if (node.nodeType !== Node.ELEMENT_NODE) { return ""; }
    if (node.classList.contains("fill-in")) { return store.blank(labelOf(node)) || "[" + labelOf(node) + "]"; }
    if (node.tagName === "BR") { return "\n"; }
    if (node.tagName === "UL" || node.tagName === "OL") { return "\n\n" + listItems(node).join("\n") + "\n\n"; }
    var inner = Array.prototype.map.call(node.childNodes, plain).join("");
    if (/^(P|H[1-6]|BLOCKQUOTE|DIV)$/.test(node.tagName)) { return "\n\n" + inner.trim() + "\n\n"; }
    return inner;
  }
  // A list's items one to a line, numbered as on screen ("1. ", "2. ") or with "- ", with no blank line between.
  function listItems(list) {
    var items = Array.prototype.filter.call(list.children, function (child) { return child.tagName === "LI"; });
    return items.map(function (item, i) {
      var text = Array.prototype.map.call(item.childNodes, plain).join("").trim().replace(/\n{2,}/g, "\n");
      return (list.tagName === "OL" ? (i + 1) + ". " : "- ") + text;
    });
  }
  function letterText(box) {
    return plain(box).split("\n").map(function (line) { return line.trim(); }).join("\n")
      .replace(/\n{3,}/g, "\n\n").trim() + "\n";
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) { return navigator.clipboard.writeText(text); }
    var area = el("textarea", { "class": "pb-offscreen", "readonly": "" });
    area.value = text;
    document.body.append(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function tools(box, n) {
    var labels = [];
    all(".fill-in", box).forEach(function (blank) {
      if (labels.indexOf(labelOf(blank)) < 0) { labels.push(labelOf(blank)); }
    });
    var bar = el("div", { "class": "pb-script-tools" });
    var heading = box.dataset.script && document.getElementById(box.dataset.script);
    var button = el("button", { "type": "button", "class": "md-button pb-copy" }, box.dataset.copy || "Copy the text");
    if (heading) { button.setAttribute("aria-describedby", heading.id); }
    var said = el("span", { "class": "pb-copied", "role": "status" });
    button.addEventListener("click", function () {
      copy(letterText(box)).then(function () { said.textContent = "Copied."; },
        function () { said.textContent = "Your browser did not allow copying: select the text and copy it."; });
      setTimeout(function () { said.textContent = ""; }, 4000);
    });
    bar.append(button);
    if (labels.length) {
      var fold = el("details", { "class": "pb-blanks" });
      fold.append(el("summary", {}, "Fill in the blanks (" + labels.length + ")"));
      labels.forEach(function (label, i) {
        var id = "pb-blank-" + n + "-" + i;
        var row = el("p", { "class": "pb-blank-row" });
        var input = el("input", { "type": "text", "id": id, "data-blank": label, "autocomplete": "off" });
        input.value = store.blank(label);
        input.addEventListener("input", function () { store.setBlank(label, input.value.trim() ? input.value : ""); });
        row.append(el("label", { "for": id }, label), input);
        fold.append(row);
      });
      bar.append(fold);
    }
    bar.append(said);
    box.after(bar);
  }

  function refresh() {
    all(".pb-script .fill-in").forEach(function (blank) {
      var value = store.blank(labelOf(blank));
      blank.textContent = value || labelOf(blank);
      blank.classList.toggle("pb-filled", !!value);
    });
    all("input[data-blank]").forEach(function (input) {
      if (input !== document.activeElement) { input.value = store.blank(input.dataset.blank); }
    });
  }

  function setup() {
    all(".pb-script").forEach(function (box, n) {
      if (box.dataset.bound) { return; }
      box.dataset.bound = "1";
      tools(box, n);
    });
    refresh();
  }

  store.onChange(refresh);
  page.ready(setup);
})();
