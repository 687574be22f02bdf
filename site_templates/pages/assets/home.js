// The home page's first screen, from this device's clock: a countdown to the next milestone of the cycle,
// how many steps are overdue, and the next few steps to tick right there (overdue ones first, with at least
// two still ahead when there are any). Ticks made on any page, or in another tab, update it.
(function () {
  "use strict";
  var page = window.playbookPage, all = page.all;
  var store = window.playbookStore;
  var SHOWN = 5, AHEAD = 2;
  var keep = {};  // steps ticked during this visit stay in view (struck through) until the page is reloaded
  var expanded = false;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // "in 3 days", "tomorrow"-free and exact: hours and minutes inside the last two days of a timed milestone.
  function until(item, now) {
    var T = window.playbookToday;
    if (item.dataset.at) {
      var start = Date.parse(item.dataset.at), minutes = Math.round((start - now.getTime()) / 60000);
      if (minutes <= 0) { return "now"; }
      if (minutes < 48 * 60) {
        var h = Math.floor(minutes / 60), m = minutes % 60;
        return "in " + (h ? h + " h " : "") + m + " min";
      }
    }
    return T.relative(T.between(T.dayOf(now), item.dataset.day));
  }

  function countdown(now) {
    var box = document.querySelector(".pb-countdown");
    if (!box) { return; }
    var ahead = all(".pb-milestones > li[data-due]").filter(function (li) { return !window.playbookToday.isPast(li, now); });
    var lines = all(".pb-count", box);
    lines.forEach(function (line, n) {
      var item = ahead[n];
      line.hidden = !item;
      if (!item) { return; }
      line.querySelector(".pb-count-what").textContent = item.querySelector(".pb-m-what").textContent;
      line.querySelector(".pb-count-when").textContent = until(item, now);
      line.querySelector(".pb-count-date").textContent = item.querySelector(".pb-m-date").textContent;
    });
    box.querySelector(".pb-count-none").hidden = ahead.length > 0;
  }

  function nextSteps(now) {
    var list = document.querySelector(".pb-next");
    var line = document.querySelector(".pb-overdue-count");
    if (!list || !line) { return; }
    var items = all(":scope > li[data-item]", list);
    var open = items.filter(function (li) { return !store.done(li.dataset.item); });
    var late = open.filter(function (li) { return window.playbookToday.isPast(li, now); });
    var later = open.filter(function (li) { return late.indexOf(li) < 0; });
    var lateShown = expanded ? late.length : Math.min(late.length, SHOWN - Math.min(AHEAD, later.length));
    var shown = late.slice(0, lateShown).concat(later.slice(0, Math.max(SHOWN - lateShown, 0)));
    items.forEach(function (li) { li.hidden = shown.indexOf(li) < 0 && !keep[li.dataset.item]; });
    line.querySelector(".pb-overdue-words").textContent = late.length ? plural(late.length, "step") + " overdue" : "Nothing overdue";
    line.classList.toggle("pb-has-overdue", late.length > 0);
    var more = line.querySelector(".pb-show-all");
    more.hidden = late.length <= lateShown && !expanded;
    more.textContent = expanded ? "Show fewer" : "Show all " + late.length;
    more.setAttribute("aria-expanded", expanded ? "true" : "false");
    list.parentElement.querySelector(".pb-next-none").hidden = open.length > 0;
  }

  function refresh() {
    var now = new Date();
    countdown(now);
    nextSteps(now);
  }

  function setup() {
    var list = document.querySelector(".pb-next");
    if (!list || list.dataset.bound) { return; }
    list.dataset.bound = "1";
    document.querySelector(".pb-today-box").classList.add("pb-live");
    // Capture: noted before the tick reaches the store, whose change redraws the list.
    list.addEventListener("change", function (event) {
      if (event.target.dataset.item) { keep[event.target.dataset.item] = true; }
    }, true);
    document.querySelector(".pb-show-all").addEventListener("click", function () {
      expanded = !expanded;
      refresh();
    });
    refresh();
  }

  store.onChange(refresh);
  page.ready(setup);
  setInterval(refresh, 30000);
})();
