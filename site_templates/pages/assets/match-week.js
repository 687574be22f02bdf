// Match Week, live: while the device's clock is inside the week (Monday 00:00 ET to the end of Match Day,
// the data-from / data-until of the lists), the steps of the moment (the latest time that has come) are
// marked "Now", the first of them she has not ticked carries aria-current="step", and the step or steps at
// the next time are marked "Next".
// The Match Week page also says what time it is on her clock and in ET. Outside the week nothing is marked.
(function () {
  "use strict";
  var page = window.playbookPage, all = page.all, store = window.playbookStore;


  function clockLine(now) {
    var line = document.querySelector(".pb-week-now[data-zone]");
    if (!line) { return; }
    var part = function (zone, options) { return new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: zone }, options)).format(now); };
    var hm = { hour: "2-digit", minute: "2-digit" }, day = { weekday: "short" };
    var zone = line.dataset.zone, city = zone.split("/").pop().replace(/_/g, " "), et = "America/New_York";
    var mine = part(zone, day) + " " + part(zone, hm);
    if (zone === et) { line.textContent = "Now: " + mine + " ET"; return; }
    var sameDay = part(zone, day) === part(et, day);
    line.textContent = "Now: " + mine + " " + city + " time · " + (sameDay ? "" : part(et, day) + " ") + part(et, hm) + " ET";
  }

  function mark() {
    var now = new Date(), t = now.getTime();
    var lists = all("[data-from][data-until]");
    var inside = lists.length > 0 && t >= Date.parse(lists[0].dataset.from) && t < Date.parse(lists[0].dataset.until);
    var steps = all("[data-item][data-at]", document).filter(function (el) { return el.closest("[data-from][data-until]"); });
    steps.forEach(function (el) {
      el.classList.remove("pb-now", "pb-next-up");
      el.removeAttribute("aria-current");
    });
    var line = document.querySelector(".pb-week-now");
    if (line) { line.hidden = !inside; }
    if (inside) {
      var started = steps.filter(function (el) { return Date.parse(el.dataset.at) <= t; });
      var coming = steps.filter(function (el) { return Date.parse(el.dataset.at) > t; });
      var nowAt = Math.max.apply(null, started.map(function (el) { return Date.parse(el.dataset.at); }));
      var nextAt = Math.min.apply(null, coming.map(function (el) { return Date.parse(el.dataset.at); }));
      var current = started.filter(function (el) { return Date.parse(el.dataset.at) === nowAt; });
      current.forEach(function (el) { el.classList.add("pb-now"); });
      var open = current.filter(function (el) { return !store.done(el.dataset.item); });
      if (current.length) { (open[0] || current[0]).setAttribute("aria-current", "step"); }
      coming.filter(function (el) { return Date.parse(el.dataset.at) === nextAt; })
        .forEach(function (el) { el.classList.add("pb-next-up"); });
      clockLine(now);
    }
    if (window.playbookToday) { window.playbookToday.refresh(); }
  }

  page.ready(mark);
  store.onChange(mark);
  setInterval(mark, 30000);
})();
