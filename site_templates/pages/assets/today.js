// Today, from this device's clock and time zone: steps past their due instant and not ticked are marked
// "Overdue", ticked ones "Done" (in words, not colour alone); the timeline's day counts, its "Today" line and
// which months are open follow the device's date, as does the "Today" line of the bridge-year plan.
// Elements carry data-day (her date), data-due (the UTC instant from which it is past) and data-item.
// Without script the pages read as on the day they were built.
(function () {
  "use strict";
  var page = window.playbookPage, all = page.all;
  var store = window.playbookStore;
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LABELS = { overdue: "Overdue", done: "Done", now: "Now", next: "Next" };
  var folded = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The device's date as YYYY-MM-DD.
  function dayOf(date) { return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()); }
  function utcDay(day) { var p = day.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function between(from, to) { return Math.round((utcDay(to) - utcDay(from)) / 86400000); }
  function relative(days) {
    if (days === 0) { return "today"; }
    var unit = Math.abs(days) === 1 ? "day" : "days";
    return days > 0 ? "in " + days + " " + unit : -days + " " + unit + " ago";
  }
  function longDate(day) {
    var d = new Date(utcDay(day));
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function isPast(el, now) { return now.getTime() >= Date.parse(el.dataset.due); }

  // One word of state after a step: Done, Now, Next or Overdue (in that order of precedence), or none.
  function badge(el, state) {
    var tag = el.querySelector(".pb-state");
    if (!state) { if (tag) { tag.remove(); } return; }
    if (!tag) {
      tag = document.createElement("span");
      var place = el.querySelector(".pb-extra, :scope > .pb-due"), clock = el.querySelector(".pb-clock");
      if (place) { place.prepend(tag, " "); } else if (clock) { clock.append(" ", tag); } else { el.append(" ", tag); }
    }
    tag.className = "pb-state pb-state-" + state;
    tag.textContent = LABELS[state];
  }

  function markSteps(now) {
    all("[data-item][data-due]").forEach(function (el) {
      var done = store.done(el.dataset.item);
      var state = done ? "done" : el.classList.contains("pb-now") ? "now" :
        el.classList.contains("pb-next-up") ? "next" : isPast(el, now) ? "overdue" : "";
      el.classList.toggle("pb-done", done);
      el.classList.toggle("pb-overdue", state === "overdue");
      badge(el, state === "done" && el.querySelector("input[type=checkbox]") ? "" : state);
    });
  }

  // The timeline: day counts, past days, the Today line, and the months open on first view.
  function timeline(today) {
    var counted = document.querySelector(".pb-counted");
    if (counted) {
      counted.textContent = "Day counts are from today, " + longDate(today) + ", on this device's clock.";
    }
    var days = all(".pb-fold:not(#match-week-hours) .pb-day[data-day]");
    days.forEach(function (day) {
      var rel = day.querySelector(".pb-rel");
      if (rel) { rel.textContent = relative(between(today, day.dataset.day)); }
      day.classList.toggle("pb-past", day.dataset.day < today);
    });
    var line = document.getElementById("today");
    if (line && line.classList.contains("pb-today-line")) {
      line.dataset.day = today;
      line.querySelector(".pb-today-date").textContent = longDate(today);
      var after = days.filter(function (day) { return day.dataset.day >= today; })[0];
      if (after) { after.before(line); } else if (days.length) { days[days.length - 1].after(line); }
    }
    all(".pb-fold[data-month]").forEach(function (fold) {
      var empty = !fold.querySelector(".pb-day, .pb-today-line");
      fold.hidden = empty;
      var heading = fold.previousElementSibling;
      if (heading && /^H[23]$/.test(heading.tagName)) { heading.hidden = empty; }
    });
    summarise(today);
    if (!folded) { unfold(today); folded = true; }
    all(".pb-days").forEach(function (list) { tuck(list, today); });
  }

  // In the month of today (and in Match Week hour by hour while it runs), the days already past fold
  // behind one button that says what they hold, so the page opens on what comes next.
  var untucked = false;
  function tuck(list, today) {
    var days = all(":scope > .pb-day", list);
    var past = days.filter(function (day) { return day.dataset.day < today; });
    var current = past.length > 0 && (list.querySelector(":scope > #today") || past.length < days.length);
    days.forEach(function (day) { day.classList.toggle("pb-tucked", !!current && !untucked && past.indexOf(day) >= 0); });
    var item = list.querySelector(":scope > .pb-earlier");
    if (!current) { if (item) { item.remove(); } return; }
    if (!item) {
      item = document.createElement("li");
      item.className = "pb-earlier";
      item.innerHTML = '<button type="button" class="md-button"></button>';
      item.firstChild.addEventListener("click", function () { untucked = !untucked; refresh(); });
      list.prepend(item);
    }
    var steps = [], now = new Date();
    past.forEach(function (day) { steps = steps.concat(all(".pb-step[data-item]", day)); });
    var done = steps.filter(function (s) { return store.done(s.dataset.item); }).length;
    var late = steps.filter(function (s) { return !store.done(s.dataset.item) && isPast(s, now); }).length;
    var held = [done ? done + " done" : "", late ? late + " overdue" : ""].filter(Boolean).join(", ");
    item.firstChild.setAttribute("aria-expanded", untucked ? "true" : "false");
    item.firstChild.textContent = (untucked ? "Hide " : "Show ") + past.length + (past.length === 1 ? " earlier day" : " earlier days") +
      (steps.length ? " (" + steps.length + (steps.length === 1 ? " step" : " steps") + (held ? ": " + held : "") + ")" : "");
  }

  // Each month's summary line: how many steps, done and overdue, and dates.
  function summarise(today) {
    var now = new Date();
    all(".pb-fold[data-month]").forEach(function (fold) {
      var steps = all(".pb-step[data-item]", fold);
      var done = steps.filter(function (s) { return store.done(s.dataset.item); }).length;
      var late = steps.filter(function (s) { return !store.done(s.dataset.item) && isPast(s, now); }).length;
      var dates = all(".pb-event", fold).length;
      var parts = [];
      if (steps.length) {
        var state = [done ? done + " done" : "", late ? late + " overdue" : ""].filter(Boolean).join(", ");
        parts.push(steps.length + (steps.length === 1 ? " step" : " steps") + (state ? ": " + state : ""));
      }
      if (dates) { parts.push(dates + (dates === 1 ? " date" : " dates")); }
      fold.querySelector(".pb-sum").textContent = parts.join(" · ") || "Nothing dated";
    });
  }

  // The month of today (or the first one after it) and the next are open; the rest folded.
  function unfold(today) {
    var month = today.slice(0, 7);
    var keys = all(".pb-fold[data-month]:not(#match-week-hours)").filter(function (f) { return !f.hidden; })
      .map(function (f) { return f.dataset.month; });
    var first = keys.filter(function (key) { return key >= month; })[0];
    var open = first ? keys.slice(keys.indexOf(first), keys.indexOf(first) + 2) : [];
    all(".pb-fold[data-month]").forEach(function (fold) {
      var days = all(".pb-day[data-day]", fold), last = days.length ? days[days.length - 1].dataset.day : "";
      var week = fold.id === "match-week-hours";
      fold.open = open.indexOf(fold.dataset.month) >= 0 && !(week && last < today);
    });
    reveal();
  }

  // A link into a folded month (or to Match Week hour by hour) opens it.
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    var fold = target.tagName === "DETAILS" ? target : target.closest("details");
    if (!fold && /^H[1-6]$/.test(target.tagName)) {  // a heading: the first fold of its section
      for (var next = target.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling) {
        if (next.matches(".pb-fold")) { fold = next; break; }
      }
    }
    if (target.closest(".pb-tucked")) { untucked = true; refresh(); }
    if (fold && !fold.open) { fold.open = true; }
    target.scrollIntoView();
  }

  // The bridge-year plan: blocks under way now, and a Today line before the first block still to come.
  function plan(today, now) {
    var blocks = all(".pb-plan-block[data-day]");
    var line = document.getElementById("pb-plan-today");
    if (!blocks.length || !line) { return; }
    blocks.forEach(function (block) {
      var current = block.dataset.day <= today && !isPast(block, now);
      block.classList.toggle("pb-now", current);
      badge(block, current ? "now" : "");
    });
    line.querySelector(".pb-today-date").textContent = longDate(today);
    var later = blocks.filter(function (block) { return block.dataset.day > today; })[0];
    line.hidden = isPast(blocks[blocks.length - 1], now) || blocks[0].dataset.day > today;
    if (later) { later.before(line); return; }
    var end = blocks[blocks.length - 1];  // after the last block's tasks
    while (end.nextElementSibling && end.nextElementSibling !== line && !/^H[1-6]$/.test(end.nextElementSibling.tagName)) {
      end = end.nextElementSibling;
    }
    end.after(line);
  }

  // The chart's Today mark, moved to the device's date along the scale the chart was drawn with.
  function chart(today) {
    all("svg.pb-chart[data-scale]").forEach(function (svg) {
      var mark = svg.querySelector(".pb-chart-today"), label = svg.querySelector(".pb-chart-today-label");
      var knots = svg.dataset.scale.split(" ").map(function (pair) {
        var p = pair.split(":");
        return { day: p[0], y: parseFloat(p[1]) };
      });
      if (!mark || knots.length < 2) { return; }
      var i = 1;
      while (i < knots.length - 1 && knots[i].day <= today) { i++; }
      var a = knots[i - 1], b = knots[i];
      var y = a.y + (b.y - a.y) * between(a.day, today) / between(a.day, b.day);
      var inside = today >= knots[0].day && today < knots[knots.length - 1].day;
      mark.setAttribute("transform", "translate(0," + (y - parseFloat(mark.dataset.y)).toFixed(1) + ")");
      mark.setAttribute("visibility", inside ? "visible" : "hidden");
      var d = new Date(utcDay(today));
      if (label) { label.textContent = "today, " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + (inside ? "" : ": not on this chart"); }
    });
  }

  function refresh() {
    var now = new Date(), today = dayOf(now);
    markSteps(now);
    timeline(today);
    plan(today, now);
    chart(today);
  }

  window.playbookToday = {
    dayOf: dayOf, between: between, relative: relative, longDate: longDate, isPast: isPast, refresh: refresh
  };
  // Printing a page prints every fold open; they close again afterwards.
  var printed = [];
  window.addEventListener("beforeprint", function () {
    printed = all(".md-content details:not([open])");
    printed.forEach(function (fold) { fold.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printed.forEach(function (fold) { fold.open = false; });
    printed = [];
  });
  window.addEventListener("hashchange", reveal);
  store.onChange(refresh);
  page.ready(function () {
    folded = false;
    refresh();
  });
  setInterval(refresh, 60000);
})();
