// Monday's plan as `playbook soap` makes it (playbook/planner/unfilled.py merge, tiers.py, portfolio.py,
// assign.py, report.py): the list set against her sheet, each program judged by her strategy's rules, the cap
// filled as her plans say, statements and letters assigned, and the same rows, CSV and summary lines. The rules
// themselves are data from the build (window.playbookPlannerData); this file only evaluates them.
(function () {
  "use strict";
  var R = window.playbookPlannerRead;
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  // Python's string order (by code point; JavaScript compares UTF-16 units, which differs past U+FFFF).
  function cmpText(a, b) {
    if (a === b) { return 0; }
    var i = 0, n = Math.min(a.length, b.length);
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) { i++; }
    if (i === n) { return a.length - b.length; }
    return a.codePointAt(i) < b.codePointAt(i) ? -1 : 1;
  }
  function cmpKeys(a, b) {
    for (var i = 0; i < a.length; i++) {
      var x = a[i], y = b[i];
      var c = typeof x === "string" ? cmpText(x, y) : (x === y ? 0 : (x < y ? -1 : 1));
      if (c) { return c; }
    }
    return 0;
  }
  // Python's str.lower() for sorting by name (the same Unicode case mapping).
  function lower(text) { return text.toLowerCase(); }

  // programs.normalise_name: spellings of the same name compare equal.
  function normaliseName(name, W) {
    var plain = name.replace(/['\u2019`]/g, "").normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    plain = plain.replace(/&/g, " and ").split("saint ").join("st ");
    return plain.replace(/[^a-z0-9]+/g, " ").split(" ").filter(function (w) { return w && W.filler.indexOf(w) < 0; }).join(" ");
  }

  function copy(p, changes) { var out = {}; for (var k in p) { out[k] = p[k]; } for (var c in changes) { out[c] = changes[c]; } return out; }

  // programs.settle: prelim IM is `preliminary_medicine` + `preliminary`.
  function settle(p, W) {
    var position = has(W.position_of, p.specialty) ? W.position_of[p.specialty] : p.position;
    var specialty = p.specialty;
    if (position === "preliminary" && has(W.preliminary_of, specialty)) { specialty = W.preliminary_of[specialty]; }
    return specialty === p.specialty && position === p.position ? p : copy(p, { specialty: specialty, position: position });
  }

  // unfilled.Sheet: her programs found by NRMP code, else by normalised name (and specialty).
  function Sheet(programs, W) {
    this.byCode = new Map(); this.byName = new Map(); this.codeless = new Map(); this.W = W;
    var self = this;
    programs.forEach(function (p) {
      if (p.code) { self.byCode.set(p.code, p); }
      var k = normaliseName(p.name, W);
      push(self.byName, k, p);
      if (!p.code) { push(self.codeless, k, p); }
    });
  }
  function push(map, k, v) { if (!map.has(k)) { map.set(k, []); } map.get(k).push(v); }
  Sheet.prototype.find = function (listed) {
    if (this.byCode.has(listed.code)) { return this.byCode.get(listed.code); }
    var index = listed.code ? this.codeless : this.byName;
    if (!index.size) { return null; }
    var same = index.get(normaliseName(listed.name, this.W)) || [];
    var fits = same.filter(function (p) { return p.specialty === listed.specialty && p.position === listed.position; });
    if (!fits.length) { fits = same.filter(function (p) { return p.specialty === listed.specialty; }); }
    return fits.length === 1 ? fits[0] : null;
  };

  function merge(listed, sheet, W) {
    return listed.map(function (program) {
      var settled = settle(program.position ? program : copy(program, { position: "categorical" }), W);
      var mine = sheet.find(settled);
      if (!mine) { return settled; }
      return settle(copy(mine, {
        code: program.code || mine.code, specialty: settled.specialty || mine.specialty,
        position: program.position || mine.position, state: mine.state || program.state,
        positions: program.positions, specialty_text: program.specialty_text, row: program.row
      }), W);
    });
  }

  // tiers.visa_fit: ["yes" | "unknown" | "no", the words that say why].
  function visaFit(visa, p, W) {
    if (visa === "none") { return ["yes", ""]; }
    var needs = visa === "j1_or_h1b" ? ["j1", "h1b"] : [visa];
    var names = function (list) { return list.map(function (v) { return W.visa_names[v]; }); };
    var offers = needs.filter(function (v) { return p[v] === "yes"; });
    if (offers.length) { return ["yes", "sponsors " + names(offers).join(" and ")]; }
    if (needs.some(function (v) { return p[v] === "unknown"; })) { return ["unknown", names(needs).join(" or ") + " sponsorship not confirmed"]; }
    if (visa === "h1b" && p.j1 === "yes") { return ["no", "cannot sponsor your visa: sponsors J-1 only, and you need H-1B"]; }
    return ["no", "cannot sponsor your visa: no " + names(needs).join(" or ") + " sponsorship"];
  }

  function matches(checks, facts) {
    for (var i = 0; i < checks.length; i++) {
      var value = facts[checks[i][0]], allowed = checks[i][1];
      if (typeof allowed === "boolean" ? value !== allowed : allowed.indexOf(value) < 0) { return false; }
    }
    return true;
  }

  // tiers.Judge.assess: one program judged.
  function assess(p, D) {
    var W = D.words, fit = visaFit(D.visa, p, W), visa = fit[0], visaWords = fit[1];
    var text = p.resources.toLowerCase();
    var facts = {
      specialty: p.specialty, position: p.position, setting: p.setting, img_history: p.img_history, visa: visa,
      researched: p.researched, resources: !!text && D.resources.some(function (w) { return text.indexOf(w) >= 0; })
    };
    var group = D.groups.find(function (g) { return matches(g.match, facts); }) || null;
    if (visa === "no") { return { program: p, tier: "excluded", why: [visaWords], group: group, statement: "" }; }
    if (D.partial && group === null && D.mine.indexOf(p.specialty) >= 0) {
      return { program: p, tier: "excluded", why: [D.partial], group: group, statement: "" };
    }
    var rule = D.rules.find(function (r) { return matches(r.match, facts); });
    var statement = "";
    if (group) {
      var chosen = group.statements.find(function (s) { return matches(s[1], facts); });
      statement = (chosen || group.statements[group.statements.length - 1])[0];
    }
    return { program: p, tier: rule.tier, why: why(p, visaWords, facts, D), group: group, statement: statement };
  }

  function why(p, visaWords, facts, D) {
    var W = D.words, out = [];
    if (p.position === "advanced" && !D.partial) { out.push(W.flags.advanced); }
    else if (p.position === "physician") { out.push(W.flags.physician); }
    if (!p.researched) { out.push(W.flags.not_researched); return out.filter(Boolean); }
    out.push(visaWords, W.img[p.img_history], W.setting[p.setting]);
    if (facts.resources) { out.push("resources: " + p.resources); }
    return out.filter(Boolean);
  }

  function order(a, W) {
    var p = a.program;
    return [W.tiers.indexOf(a.tier), p.researched ? 0 : 1, W.img_order[p.img_history], lower(p.name), p.code];
  }

  // portfolio.build_portfolio: the plan the list allows, and the programs that fill the cap.
  function portfolio(assessed, D) {
    var byGroup = new Map();
    D.groups.forEach(function (g) { byGroup.set(g.id, []); });
    assessed.forEach(function (a) { if (a.group && a.tier !== "excluded") { byGroup.get(a.group.id).push(a); } });
    byGroup.forEach(function (found) { sortBy(found, function (a) { return order(a, D.words); }); });
    var available = {};
    byGroup.forEach(function (found, g) { available[g] = found.length; });
    var plan = D.plans.find(function (p) {
      return Object.keys(p.needs).every(function (g) { return (available[g] || 0) >= p.needs[g]; });
    });
    var counts = {}, left = D.cap;
    byGroup.forEach(function (found, g) { counts[g] = 0; });
    ["fixed", "rest", "overflow"].forEach(function (kind) {
      byGroup.forEach(function (found, g) {
        var share = has(plan.split, g) ? plan.split[g] : null, want;
        if (kind === "fixed" && share !== null && share !== "rest") { want = share === "all" ? found.length : share; }
        else if ((kind === "rest" && share === "rest") || kind === "overflow") { want = found.length; }
        else { return; }
        var extra = Math.min(want - counts[g], found.length - counts[g], left);
        if (extra > 0) { counts[g] += extra; left -= extra; }
      });
    });
    var chosen = new Map();
    byGroup.forEach(function (found, g) { chosen.set(g, found.slice(0, counts[g])); });
    return { plan: plan, chosen: chosen, available: available };
  }

  // A stable sort by a key of Python-comparable parts.
  function sortBy(list, keyOf) {
    var keyed = list.map(function (item, i) { return [keyOf(item), i, item]; });
    keyed.sort(function (x, y) { return cmpKeys(x[0], y[0]) || x[1] - y[1]; });
    keyed.forEach(function (k, i) { list[i] = k[2]; });
    return list;
  }

  // assign.Letters: her letters for one program, best first (cached per group and specialty).
  function Letters(D) { this.L = D.letters; this.cache = new Map(); }
  Letters.prototype.forProgram = function (group, specialty) {
    if (!group) { return []; }
    var k = group.id + "\u0000" + specialty;
    if (!this.cache.has(k)) {
      var L = this.L, wanted = [];
      group.letters.forEach(function (entry) {
        if (entry === "same") { wanted.push(specialty); wanted.push.apply(wanted, L.family[specialty] || []); }
        else { wanted.push(entry); }
      });
      var ranked = sortBy(L.all.map(function (x, i) { return [x, i + 1]; }), function (item) {
        var place = wanted.indexOf(item[0].specialty);
        return [place < 0 ? wanted.length : place, item[0].us ? 0 : 1, item[1]];
      });
      this.cache.set(k, ranked.slice(0, L.per_program).map(function (item) { return item[0].name; }));
    }
    return this.cache.get(k);
  };

  function specialtyLabel(p, W) {
    return has(W.specialty_labels, p.specialty) ? W.specialty_labels[p.specialty] : (p.specialty_text || p.specialty);
  }

  // report.row: one program as the plain strings every output shows.
  function row(a, rank, letters, W) {
    var p = a.program, excluded = a.tier === "excluded";
    return {
      rank: rank ? String(rank) : "", tier: excluded ? "excluded: " + a.why[0] : W.tier_labels[a.tier], program: p.name,
      nrmp_code: p.code, specialty: specialtyLabel(p, W),
      position: has(W.position_labels, p.position) ? W.position_labels[p.position] : p.position, state: p.state,
      group: a.group ? a.group.label : "", statement: a.statement, letters: (letters || []).join("; "),
      why: a.why.join("; "), researched: p.researched ? "yes" : "no", notes: p.notes
    };
  }

  function plural(n, word) { return n + " " + (n === 1 ? word : word + "s"); }

  function readingLine(what, reading) {
    return what + ": " + plural(reading.read, "program") + " read from " + reading.file + ", " + plural(reading.skipped, "row") + " skipped";
  }

  // report.summary: the closing lines.
  function summary(r, D) {
    var P = r.portfolio, parts = [];
    P.chosen.forEach(function (chosen, g) {
      if (P.available[g]) { parts.push(r.labels[g] + " " + chosen.length + " of " + P.available[g] + " that fit"); }
    });
    var lines = [r.applications.length + " of " + D.cap + " applications, plan '" + P.plan.title + "': " + parts.join(", ")];
    if (r.notSent) {
      var fit = r.notSent === 1 ? "fits your groups but lies" : "fit your groups but lie";
      lines.push(plural(r.notSent, "more program") + " " + fit + " beyond the cap or the plan's shares.");
    }
    if (r.excluded.length) { lines.push(r.excluded.length + " excluded (reasons in soap-list.md)."); }
    lines.push(plural(r.outside, "program") + " on the list " + (r.outside === 1 ? "is" : "are") + " outside " +
      "your plan (other specialties or positions).");
    var advanced = r.applications.filter(function (x) { return x.assessment.program.position === "advanced"; }).length;
    if (advanced && P.plan.id !== "complete") {
      var pgy1 = r.applications.filter(function (x) {
        return ["preliminary", "transitional"].indexOf(x.assessment.program.position) >= 0;
      }).length;
      lines.push(advanced + " advanced PGY-2 applications need a PGY-1 year; " + pgy1 + " preliminary or transitional " +
        "applications are on your list to pair with them.");
    }
    lines.push(readingLine("The list", r.listed));
    if (r.sheet) {
      lines.push(readingLine("Your sheet", r.sheet) + "; " + r.onSheet + " of the listed programs are on it.");
    } else {
      lines.push("No program sheet: every program is placed by what the list says and marked not researched.");
    }
    return lines;
  }

  function sheetOf(D) {
    if (!D.sheet) { return null; }
    var S = D.sheet;
    S.records = S.records || S.programs.map(function (values) {
      var p = {};
      S.columns.forEach(function (c, i) { p[c] = values[i]; });
      return p;
    });
    return S;
  }

  // monday.plan_list over a list already read: the whole plan.
  function planList(listed, D) {
    var W = D.words, S = sheetOf(D);
    var programs = merge(listed.programs, new Sheet(S ? S.records : [], W), W);
    var assessed = programs.map(function (p) { return assess(p, D); });
    var P = portfolio(assessed, D), letters = new Letters(D), applications = [];
    P.chosen.forEach(function (chosen) {
      chosen.forEach(function (a) {
        applications.push({ rank: applications.length + 1, assessment: a, letters: letters.forProgram(a.group, a.program.specialty) });
      });
    });
    var excluded = sortBy(assessed.filter(function (a) { return a.tier === "excluded"; }), function (a) {
      return [lower(a.program.name), a.program.code];
    });
    var total = applications.length, fit = 0;
    Object.keys(P.available).forEach(function (g) { fit += P.available[g]; });
    var labels = {};
    D.groups.forEach(function (g) { labels[g.id] = g.label; });
    var r = {
      portfolio: P, applications: applications, excluded: excluded, labels: labels, notSent: fit - total,
      outside: assessed.filter(function (a) { return a.group === null && a.tier !== "excluded"; }).length,
      onSheet: programs.filter(function (p) { return p.researched; }).length,
      listed: { file: listed.file, read: listed.read, skipped: listed.errors.length },
      sheet: S ? { file: S.file, read: S.read, skipped: S.errors.length } : null
    };
    r.rows = applications.map(function (x) { return row(x.assessment, x.rank, x.letters, W); })
      .concat(excluded.map(function (a) { return row(a, null, null, W); }));
    r.summary = summary(r, D);
    r.problems = (S ? S.errors : []).concat([].concat.apply([], listed.errors));
    return r;
  }

  // report.to_csv: soap-list.csv, byte for byte.
  function toCsv(rows, W) {
    var cols = W.report_columns;
    var line = function (cells) { return cells.map(cell).join(",") + "\n"; };
    return line(cols) + rows.map(function (r) { return line(cols.map(function (c) { return inert(r[c]); })); }).join("");
  }
  function inert(text) { return "=+@\t\r".indexOf(text.charAt(0)) >= 0 && text ? "'" + text : text; }
  function cell(text) { return /[,"\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text; }

  // The whole of `playbook soap` for one list: {ok, plan | lines (what ended the run)}.
  function plan(D, source, file) {
    var W = D.words;
    try {
      var text = source;
      if (typeof source !== "string") {
        if (source.length > W.csv_limit) { throw new R.Fatal([R.problem(file, 1, 1, "file is larger than " + W.csv_limit / 1e6 + " MB; is it the right file?")]); }
        text = R.decode(source, file);
      } else if (R.utf8Length(source) > W.csv_limit) {
        throw new R.Fatal([R.problem(file, 1, 1, "file is larger than " + W.csv_limit / 1e6 + " MB; is it the right file?")]);
      }
      var listed = R.readList(text, file, W, D.messages);
      return { ok: true, plan: planList(listed, D) };
    } catch (e) {
      if (e instanceof R.Fatal) { return { ok: false, lines: e.lines }; }
      throw e;
    }
  }

  window.playbookPlanner = { plan: plan, toCsv: toCsv, normaliseName: normaliseName };
})();
