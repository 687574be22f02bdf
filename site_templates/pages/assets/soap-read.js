// Reading the List of Unfilled Programs as `playbook soap` reads it (playbook/planner/csvtable.py, unfilled.py,
// programs.py): the same decoding, CSV records, header checks, cell checks and messages, line for line. The
// words it knows (columns, aliases, specialty names, states) come from the build (window.playbookPlannerData),
// so this file holds only the reading itself. Pure functions, no page: tests run it on thousands of lists.
(function () {
  "use strict";
  // Python's str.isspace(), which strip() and split() use (JavaScript's trim() differs: U+FEFF, U+001C-001F, U+0085).
  var SPACE = "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
  var SPACES = new RegExp("[" + SPACE + "]+", "g");
  var EDGES = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  var UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]/g;
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
  var SHOWN = 80;
  var FIELD_LIMIT = 131072;

  function strip(text) { return text.replace(EDGES, ""); }
  function words(text) { var t = strip(text); return t ? t.split(SPACES) : []; }
  function points(text) { return Array.from(text); }
  function hex(n, width) { var h = n.toString(16); while (h.length < width) { h = "0" + h; } return h; }

  // repr() of a Python string.
  function repr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    points(text).forEach(function (ch) {
      var cp = ch.codePointAt(0);
      if (ch === quote || ch === "\\") { out += "\\" + ch; }
      else if (ch === "\t") { out += "\\t"; }
      else if (ch === "\n") { out += "\\n"; }
      else if (ch === "\r") { out += "\\r"; }
      else if (cp < 0x20 || cp === 0x7f) { out += "\\x" + hex(cp, 2); }
      else if (cp < 0x7f || (ch !== " " && !NOT_PRINTABLE.test(ch)) || ch === " ") { out += ch; }
      else if (cp < 0x100) { out += "\\x" + hex(cp, 2); }
      else if (cp < 0x10000) { out += "\\u" + hex(cp, 4); }
      else { out += "\\U" + hex(cp, 8); }
    });
    return out + quote;
  }

  function printable(text) {
    return text.replace(UNPRINTABLE, function (ch) {
      var cp = ch.charCodeAt(0);
      return cp < 0x100 ? repr(ch).slice(1, -1) : "\\u" + hex(cp, 4);
    });
  }

  // errors.shown(): a value's repr, cut to 80 characters.
  function shown(value) {
    if (value === null || value === undefined) { return "None"; }
    var text = points(printable(repr(points(value).slice(0, SHOWN + 1).join(""))));
    return text.length <= SHOWN ? text.join("") : text.slice(0, SHOWN - 3).join("") + "...";
  }

  // One located problem, as PlaybookError.line() prints it.
  function problem(file, line, col, message, got) {
    var text = printable(message) + (arguments.length > 4 ? " (got " + shown(got) + ")" : "");
    return printable(file) + ":" + line + ":" + col + ": " + text;
  }

  // difflib.get_close_matches(word, choices, n=1, cutoff=0.6), as yamlfile.did_you_mean uses it.
  function didYouMean(word, choices) {
    var b = points(word);
    if (b.length > 100) { return ""; }
    var best = null;
    choices.forEach(function (choice) {
      var score = ratio(points(choice), b);
      if (score >= 0.6 && (best === null || score > best[0] || (score === best[0] && choice > best[1]))) {
        best = [score, choice];
      }
    });
    return best ? "; did you mean '" + best[1] + "'?" : "";
  }

  function ratio(a, b) {
    var b2j = {};
    b.forEach(function (ch, j) { (b2j[ch] = b2j[ch] || []).push(j); });
    var matched = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop(), m = longest(a, b, b2j, q[0], q[1], q[2], q[3]), i = m[0], j = m[1], k = m[2];
      if (k) {
        matched += k;
        if (q[0] < i && q[2] < j) { queue.push([q[0], i, q[2], j]); }
        if (i + k < q[1] && j + k < q[3]) { queue.push([i + k, q[1], j + k, q[3]]); }
      }
    }
    var total = a.length + b.length;
    return total ? 2.0 * matched / total : 1.0;
  }

  function longest(a, b, b2j, alo, ahi, blo, bhi) {
    var besti = alo, bestj = blo, bestsize = 0, j2len = {};
    for (var i = alo; i < ahi; i++) {
      var next = {}, js = b2j[a[i]] || [];
      for (var n = 0; n < js.length; n++) {
        var j = js[n];
        if (j < blo) { continue; }
        if (j >= bhi) { break; }
        var k = next[j] = (j2len[j - 1] || 0) + 1;
        if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) { bestsize++; }
    return [besti, bestj, bestsize];
  }

  // A fatal problem: the whole file cannot be read (PlaybookError raised out of read_csv).
  function Fatal(lines) { this.lines = lines; }

  // yamlfile.decode with the list's hint: UTF-8 (a leading byte-order mark dropped), a bad byte located.
  function decode(bytes, file) {
    var hint = "save it as 'CSV UTF-8'";
    if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
      throw new Fatal([problem(file, 1, 1, "file is UTF-16 text; " + hint)]);
    }
    var mark = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    var bad = firstBadByte(bytes, mark);
    if (bad < 0) { return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(mark)); }
    var lineStart = bad, newlines = 0;
    while (lineStart > 0 && bytes[lineStart - 1] !== 0x0a) { lineStart--; }
    for (var i = 0; i < bad; i++) { if (bytes[i] === 0x0a) { newlines++; } }
    var col = points(new TextDecoder("utf-8").decode(bytes.subarray(lineStart, bad))).length + 1;
    throw new Fatal([problem(file, newlines + 1, col, "file is not UTF-8 text; " + hint + " (got byte 0x" + hex(bytes[bad], 2) + ")")]);
  }

  // Where strict UTF-8 (as Python decodes it) first fails, or -1.
  function firstBadByte(bytes, from) {
    var i = from, n = bytes.length;
    while (i < n) {
      var c = bytes[i];
      if (c < 0x80) { i++; continue; }
      var need, lo = 0x80, hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) { need = 1; }
      else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) { lo = 0xa0; } if (c === 0xed) { hi = 0x9f; } }
      else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) { lo = 0x90; } if (c === 0xf4) { hi = 0x8f; } }
      else { return i; }
      if (i + 1 >= n || bytes[i + 1] < lo || bytes[i + 1] > hi) { return i; }
      for (var k = 2; k <= need; k++) {
        if (i + k >= n || bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) { return i; }
      }
      i += need + 1;
    }
    return -1;
  }

  // Python's str.splitlines() separators, for judging the delimiter on the header line.
  var LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/;

  function delimiter(text) {
    var lines = text.split(LINE_BREAKS), first = "";
    for (var i = 0; i < lines.length; i++) {
      if (strip(lines[i]) && lines[i].charAt(0) !== "#") { first = lines[i]; break; }
    }
    if (count(first, ",") !== 0) { return ","; }
    var best = ",";
    [";", "\t"].forEach(function (d) { if (count(first, d) > count(first, best)) { best = d; } });
    return best;
  }

  function count(text, ch) { return text.split(ch).length - 1; }

  // Python's csv.reader (default dialect, not strict) over the text split as StringIO(newline="") splits it:
  // calls each(first line of the record, cells) for every record that is neither blank nor a comment, in
  // order, so that a problem is met where the CLI meets it.
  function records(text, delim, file, each) {
    var lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) || [];
    var lineNum = 0, start = 1, at = 0;
    var fields, field, size, state;  // size: the field's length in characters (code points), as Python counts
    function save() { fields.push(field); field = ""; size = 0; }
    function add(ch) {
      if (size >= FIELD_LIMIT) {
        throw new Fatal([problem(file, lineNum, 1, "malformed CSV: field larger than field limit (" + FIELD_LIMIT + ")")]);
      }
      field += ch;
      size++;
    }
    while (true) {
      fields = []; field = ""; size = 0; state = "record";
      do {
        if (at >= lines.length) {
          if (field !== "" || state === "quoted") { save(); break; }
          return;
        }
        var line = lines[at++];
        lineNum++;
        for (var ch of line) { state = step(state, ch, delim, add, save); }
        state = step(state, null, delim, add, save);
      } while (state !== "record");
      if (fields.some(function (c) { return strip(c); }) && lstrip(fields[0]).charAt(0) !== "#") { each(start, fields); }
      start = lineNum + 1;
    }
  }

  function lstrip(text) { return text.replace(new RegExp("^[" + SPACE + "]+"), ""); }

  function step(state, ch, delim, add, save) {
    var eol = ch === null, crnl = ch === "\n" || ch === "\r";
    switch (state) {
      case "record":
        if (eol) { return "record"; }
        if (crnl) { return "eat"; }
        // falls through to the start of a field
      case "field":
        if (crnl || eol) { save(); return eol ? "record" : "eat"; }
        if (ch === '"') { return "quoted"; }
        if (ch === delim) { save(); return "field"; }
        add(ch); return "in";
      case "in":
        if (crnl || eol) { save(); return eol ? "record" : "eat"; }
        if (ch === delim) { save(); return "field"; }
        add(ch); return "in";
      case "quoted":
        if (eol) { return "quoted"; }
        if (ch === '"') { return "quote"; }
        add(ch); return "quoted";
      case "quote":
        if (ch === '"') { add(ch); return "quoted"; }
        if (ch === delim) { save(); return "field"; }
        if (crnl || eol) { save(); return eol ? "record" : "eat"; }
        add(ch); return "in";
      case "eat":
        if (crnl) { return "eat"; }
        if (eol) { return "record"; }
        throw new Error("new-line character seen in unquoted field");
    }
    throw new Error("unknown state " + state);
  }

  function headerKey(text) { return words(text.toLowerCase().replace(/-/g, " ").replace(/\//g, " ")).join("_"); }

  function expect(words) { return "expected columns: " + words.columns.join(", "); }

  function columns(header, line, file, W) {
    var names = [], errors = [];
    header.forEach(function (cell, i) {
      var key = headerKey(cell);
      var name = W.columns.indexOf(key) >= 0 ? key : (Object.prototype.hasOwnProperty.call(W.aliases, key) ? W.aliases[key] : null);
      if (!key) { names.push(null); return; }
      if (name === null) {
        errors.push(problem(file, line, i + 1, "unknown column" + didYouMean(key, W.columns) + "; " + expect(W), cell));
      } else if (names.indexOf(name) >= 0) {
        errors.push(problem(file, line, i + 1, "column '" + name + "' appears twice; " + expect(W), cell));
      }
      names.push(name);
    });
    W.required.forEach(function (name) {
      if (names.indexOf(name) < 0) { errors.push(problem(file, line, 1, "missing column '" + name + "'; " + expect(W))); }
    });
    if (errors.length) { throw new Fatal(errors); }
    return names;
  }

  var INT = /^[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?$/;
  var DIGIT = /\p{Nd}/u;
  var CODE = /^\p{Nd}{7}[CPAR]\p{Nd}$/u;
  var CODE_GAPS = new RegExp("[" + SPACE + "-]+", "g");

  // ListRow's checks, field by field in the model's order: [field, message] for each bad cell.
  function check(data, W, M) {
    var value = {}, bad = [];
    var code = (data.code || "").replace(CODE_GAPS, "").toUpperCase();
    if (code && !CODE.test(code)) { bad.push(["code", M.code]); }
    value.code = code;
    ["program", "specialty"].forEach(function (name) {
      var text = data[name];
      if (text === undefined || !strip(text)) { bad.push([name, M.required]); return; }
      var length = points(text).length;
      if (length > W.max_length[name]) { bad.push([name, M.too_long.replace("{n}", String(length))]); }
      value[name] = text;
    });
    var position = data.position || "";
    if (position) {
      position = readPosition(position, W) || position;
      if (W.positions.indexOf(position) < 0) { bad.push(["position", M.position]); }
    }
    value.position = position || null;
    var state = data.state || "";
    if (state && W.states.indexOf(state.toUpperCase()) < 0) { bad.push(["state", M.state]); }
    value.state = state.toUpperCase();
    value.city = data.city || "";
    var positions = data.positions || "";
    value.positions = null;
    if (positions) {
      if (!INT.test(positions)) { bad.push(["positions", M.int]); }
      else {
        var n = Number(positions.replace(/_/g, ""));
        if (n < 0) { bad.push(["positions", M.ge]); } else if (n > 500) { bad.push(["positions", M.le]); }
        value.positions = n === 0 ? 0 : n;
      }
    }
    return [value, bad];
  }

  // csvtable._row: the cells under their columns, checked; a problem (or several lines) if the row is bad.
  function row(cells, names, file, line, W, M) {
    for (var col = names.length; col < cells.length; col++) {
      if (strip(cells[col])) {
        return [null, [problem(file, line, col + 1, "a cell beyond the last column '" + pyStr(names[names.length - 1]) + "'", cells[col])]];
      }
    }
    var data = {};
    for (var c = 0; c < names.length; c++) {
      var value = c < cells.length ? strip(cells[c]) : "";
      if (names[c] === null && value) { return [null, [problem(file, line, c + 1, "a cell under a column with no name", value)]]; }
      if (names[c] !== null) { data[names[c]] = value; }
    }
    var checked = check(data, W, M);
    if (!checked[1].length) { return [checked[0], null]; }
    return [null, checked[1].map(function (b) {
      var col = names.indexOf(b[0]) + 1 || 1;
      return problem(file, line, col, b[0] + ": " + b[1], Object.prototype.hasOwnProperty.call(data, b[0]) ? data[b[0]] : null);
    })];
  }

  function pyStr(value) { return value === null ? "None" : value; }

  // programs._key: a name reduced to ASCII words.
  function key(text) {
    var plain = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/&/g, " and ");
    return plain.replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).join(" ");
  }

  var readSpecialtyCache = new Map();
  function readSpecialty(text, W) {
    if (readSpecialtyCache.has(text)) { return readSpecialtyCache.get(text); }
    var k = key(text), found = [null, null];
    if (Object.prototype.hasOwnProperty.call(W.specialty_keys, k)) { found = [W.specialty_keys[k], null]; }
    else {
      for (var i = 0; i < W.position_words.length; i++) {
        var word = new RegExp("\\b" + W.position_words[i][0] + "\\b", "g");
        if (word.test(k)) {
          var base = k.replace(word, " ").split(" ").filter(Boolean).join(" ");
          if (Object.prototype.hasOwnProperty.call(W.specialty_keys, base)) { found = [W.specialty_keys[base], W.position_words[i][1]]; break; }
        }
      }
    }
    readSpecialtyCache.set(text, found);
    return found;
  }

  function readPosition(text, W) {
    var k = key(text).replace(/pgy 1/g, "").trim();
    if (W.positions.indexOf(k) >= 0) { return k; }
    for (var i = 0; i < W.position_words.length; i++) { if (W.position_words[i][0] === k) { return W.position_words[i][1]; } }
    return { "transitional year": "transitional", "reserved": "physician" }[k] || null;
  }

  function positionFromCode(code, W) {
    return CODE.test(code) ? W.code_letters[points(code)[7]] || null : null;
  }

  // ListRow.program_record: a listed program, known only from the list.
  function listedProgram(value, line, W) {
    var named = readSpecialty(value.specialty, W);
    var position = value.position || positionFromCode(value.code, W) || named[1] || "";
    return {
      name: value.program, specialty: named[0] || "", position: position, code: value.code, state: value.state,
      setting: "unknown", j1: "unknown", h1b: "unknown", img_history: "unknown", resources: "", notes: "",
      researched: false, specialty_text: value.specialty, positions: value.positions, row: line
    };
  }

  // read_unfilled over text: {file, programs, read, errors (a list of lines per row skipped)}; throws Fatal
  // when the file cannot be read at all.
  function readList(text, file, W, M) {
    var names = null, programs = [], errors = [];
    records(text, delimiter(text), file, function (line, cells) {
      if (names === null) { names = columns(cells, line, file, W); return; }
      var result = row(cells, names, file, line, W, M);
      if (result[1]) { errors.push(result[1]); } else { programs.push(listedProgram(result[0], line, W)); }
    });
    if (names === null) { throw new Fatal([problem(file, 1, 1, "no header row; " + expect(W))]); }
    return { file: file, programs: programs, read: programs.length, errors: errors };
  }

  function utf8Length(text) { return new TextEncoder().encode(text).length; }

  window.playbookPlannerRead = {
    Fatal: Fatal, decode: decode, readList: readList, key: key, strip: strip, words: words, problem: problem,
    shown: shown, repr: repr, utf8Length: utf8Length, readSpecialty: readSpecialty, DIGIT: DIGIT
  };
})();
