// Draws the Subinterp HTML report from the JSON in #report-data. Every piece of report data
// (module names, test ids, messages, output) goes into the page as a text node or an attribute
// value, never as markup: the data is hostile input.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var modules = data.modules;
  // Each run slot's busy share of the run (its modules' time on it against the run's span).
  var busyOf = {};
  (data.slots || []).forEach(function (s) { busyOf[s.slot] = s; });
  var verdictOrder = ['crashed', 'timed-out', 'error', 'unsafe', 'leaked', 'failed', 'passed', 'skipped'];
  var state = { selected: null, search: '', verdicts: {} };
  var rows = [];
  var bars = [];

  // el('div', {class: 'x', data: {module: name}}, 'text', child...) -> element; strings become text nodes.
  function el(tag, attributes) {
    var node = document.createElement(tag);
    var name;
    for (name in attributes || {}) {
      if (!Object.prototype.hasOwnProperty.call(attributes, name) || attributes[name] === null || attributes[name] === undefined) continue;
      if (name === 'data') {
        for (var key in attributes.data) node.setAttribute('data-' + key, String(attributes.data[key]));
      } else if (name === 'on') {
        for (var event in attributes.on) node.addEventListener(event, attributes.on[event]);
      } else {
        node.setAttribute(name, String(attributes[name]));
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function seconds(ms) { return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s'; }

  function plural(count, noun) { return count + ' ' + noun + (count === 1 ? '' : 's'); }

  function badge(text, verdict) { return el('span', { class: 'badge v-' + verdict }, text); }

  function firstLine(text) { return (text || '').split('\n')[0]; }

  function isFailure(outcome) { return ['failed', 'error', 'xpass', 'crashed', 'timed-out', 'not-run'].indexOf(outcome) >= 0; }

  function count(module, predicate) {
    var n = 0;
    module.tests.forEach(function (t) { if (predicate(t.outcome)) n++; });
    return n;
  }

  function verdictsPresent() {
    var seen = {};
    modules.forEach(function (m) { seen[m.verdict] = (seen[m.verdict] || 0) + 1; });
    return verdictOrder.filter(function (v) { return seen[v]; }).map(function (v) { return [v, seen[v]]; });
  }

  // --- header and summary ------------------------------------------------------------------

  function renderHeader() {
    var header = document.getElementById('header');
    var facts = ['CPython ' + data.python.version, data.mode + ' mode', data.engine + ' engine', '-j ' + data.jobs,
      seconds(data.durationMs), 'generated ' + data.generated];
    if (data.shard) facts.push('shard ' + data.shard.index + '/' + data.shard.count + ' (' + data.shard.assigned + ' of ' + data.shard.total + ' modules)');
    if (data.shards && data.shards.length) facts.push('merged from ' + plural(data.shards.length, 'shard'));
    append(header, [el('h1', null, 'Subinterp report'), el('div', { class: 'facts' }, facts.join(' · '))]);
  }

  function renderSummary() {
    var section = document.getElementById('summary');
    var s = data.summary;
    if (data.cancelled) append(section, el('div', { class: 'banner' }, 'This run was cancelled: modules that had not finished are not-run. `subinterp run --resume` finishes it.'));
    append(section, el('div', { class: 'chips', id: 'verdict-counts' }, verdictsPresent().map(function (entry) {
      return el('span', { class: 'chip', data: { verdict: entry[0] } }, el('span', { class: 'swatch v-' + entry[0] }), entry[1] + ' ' + entry[0]);
    })));
    var extras = [];
    if (s.errors) extras.push(plural(s.errors, 'error'));
    if (s.xfail) extras.push(s.xfail + ' xfail');
    if (s.xpass) extras.push(s.xpass + ' xpass');
    if (s.crashed) extras.push(s.crashed + ' crashed');
    if (s.timedOut) extras.push(s.timedOut + ' timed out');
    if (s.notRun) extras.push(s.notRun + ' not run');
    append(section, el('p', { id: 'totals' }, plural(s.modules, data.mode === 'both' ? 'module run' : 'module') + ', ' + plural(s.tests, 'test') + ': ' + s.passed + ' passed, ' + s.failed + ' failed, ' +
      s.skipped + ' skipped' + (extras.length ? ' (' + extras.join(', ') + ')' : '') + '. Exit code ' + data.exitCode + ': ' + data.exitMeaning + '.'));
    if (data.shards && data.shards.length) {
      append(section, el('table', { id: 'shards' },
        el('thead', null, el('tr', null, el('th', null, 'shard'), el('th', null, 'report'), el('th', null, 'Python'), el('th', null, 'mode'), el('th', { class: 'num' }, '-j'), el('th', { class: 'num' }, 'time'))),
        el('tbody', null, data.shards.map(function (shard) {
          return el('tr', null, el('td', null, shard.index + '/' + shard.count), el('td', null, shard.report), el('td', null, shard.python),
            el('td', null, shard.mode), el('td', { class: 'num' }, shard.jobs), el('td', { class: 'num' }, seconds(shard.durationMs)));
        }))));
    }
  }

  // --- findings by cause -------------------------------------------------------------------

  function moduleLink(index) {
    var module = modules[index];
    return el('button', { type: 'button', class: 'linklike', data: { module: module.name }, on: { click: function () { select(index, true); } } }, module.name);
  }

  // The first few module links, and how many more (the timeline shows them all).
  function appendLinks(node, indexes) {
    var shown = 12;
    indexes.slice(0, shown).forEach(function (index, i) { if (i) append(node, ', '); append(node, moduleLink(index)); });
    if (indexes.length > shown) append(node, ' and ' + (indexes.length - shown) + ' more');
  }

  function renderFindings() {
    var container = document.getElementById('finding-list');
    var findings = data.findings.filter(function (f) { return !f.information; });
    var information = data.findings.filter(function (f) { return f.information; });
    if (!findings.length) {
      append(container, el('p', { class: 'none', id: 'no-findings' }, 'No findings: no module crashed, hung, failed to import, leaked or imported an extension module refused in a subinterpreter.'));
    }
    // The most severe first; past the first few, one click shows the rest (the page stays scannable).
    var shown = findings.length <= 8 ? findings.length : 6;
    findings.slice(0, shown).forEach(function (finding) { append(container, findingCard(finding)); });
    if (findings.length > shown) {
      var rest = el('div', { id: 'more-findings', hidden: 'hidden' }, findings.slice(shown).map(findingCard));
      var button = el('button', { type: 'button', class: 'linklike', id: 'show-more-findings' }, 'Show ' + plural(findings.length - shown, 'more finding'));
      button.addEventListener('click', function () { rest.hidden = false; button.hidden = true; });
      append(container, [button, rest]);
    }
    if (information.length) {
      append(container, el('details', { id: 'information' }, el('summary', null, 'Information: ' + plural(information.length, 'cause') + ' that fail nothing'),
        information.map(findingCard)));
    }
  }

  function findingCard(finding) {
    var card = el('article', { class: 'finding k-' + finding.kind + (finding.information ? ' information' : ''), data: { kind: finding.kind } });
    append(card, el('h3', null, badge(finding.label, finding.information ? 'information' : verdictOfKind(finding.kind)), el('span', { class: 'title' }, finding.title),
      el('span', { class: 'meta' }, plural(finding.modules.length, 'module'))));
    var modulesLine = el('div', { class: 'affected' }, finding.modules.length === 1 ? 'Module: ' : 'Modules: ');
    finding.modules.forEach(function (index, i) { if (i) append(modulesLine, ', '); append(modulesLine, moduleLink(index)); });
    append(card, modulesLine);
    if (finding.tests.length) append(card, el('div', { class: 'tests' }, 'Tests: ', finding.tests.join(', ')));
    if (finding.fallback) {
      append(card, el('div', { class: 'fallback' }, 'The import was caught in ' + plural(finding.fallback.modules, 'module') + ': ' +
        plural(finding.fallback.tests, 'test') + ' ran on the fallback, without the extension.'));
    }
    if (finding.kind === 'crash' || finding.kind === 'leak' || finding.kind === 'timeout') {
      var beside = [];
      finding.modules.forEach(function (index) {
        besideOf(index).forEach(function (other) { if (beside.indexOf(other) < 0 && finding.modules.indexOf(other) < 0) beside.push(other); });
      });
      var line = el('div', { class: 'beside' }, 'Ran alongside: ');
      if (!beside.length) append(line, el('span', { class: 'none' }, 'nothing (alone on its core at the time)'));
      appendLinks(line, beside);
      append(card, line);
    }
    var evidence = finding.evidence || finding.lines.join('\n');
    append(card, el('details', { class: 'evidence' }, el('summary', null, 'Evidence'), el('pre', null, evidence)));
    return card;
  }

  function verdictOfKind(kind) {
    return { crash: 'crashed', timeout: 'timed-out', error: 'error', unsafe: 'unsafe', leak: 'leaked' }[kind] || 'information';
  }

  // --- timeline ----------------------------------------------------------------------------

  // Modules whose interpreters were alive at the same time as this one's (same clock: same shard).
  function besideOf(index) {
    var m = modules[index];
    if (m.start === undefined || m.end === undefined) return [];
    return modules.filter(function (o) {
      return o.index !== index && o.start !== undefined && o.end !== undefined && o.shard === m.shard && o.start < m.end && m.start < o.end;
    }).map(function (o) { return o.index; });
  }

  function renderTimeline() {
    var container = document.getElementById('timelines');
    var ran = modules.filter(function (m) { return m.start !== undefined && m.end !== undefined; });
    if (!ran.length) {
      append(container, el('p', { class: 'none' }, 'No timeline: no module ran in this report.'));
      return;
    }
    var clocks = {};
    ran.forEach(function (m) { var key = m.shard === undefined ? '' : String(m.shard); (clocks[key] = clocks[key] || []).push(m); });
    Object.keys(clocks).sort().forEach(function (key) { append(container, timeline(key, clocks[key])); });
    append(container, el('div', { class: 'legend' }, verdictOrder.map(function (v) { return el('span', null, el('span', { class: 'swatch v-' + v }), v); })));
  }

  function timeline(shard, ran) {
    var t0 = Math.min.apply(null, ran.map(function (m) { return m.start; }));
    var t1 = Math.max.apply(null, ran.map(function (m) { return m.end; }));
    var span = Math.max(t1 - t0, 1e-6);
    var slots = [];
    ran.forEach(function (m) { if (slots.indexOf(m.slot) < 0) slots.push(m.slot); });
    slots.sort(function (a, b) { return a - b; });
    var box = el('div', { class: 'timeline', data: { shard: shard } });
    if (shard !== '') append(box, el('h3', null, 'Shard ' + shard + ' (its own machine and clock)'));
    slots.forEach(function (slot) {
      var track = el('div', { class: 'lane-track' });
      var inLane = ran.filter(function (m) { return m.slot === slot; });
      var cpu = inLane.length ? inLane[0].cpu : undefined;
      inLane.forEach(function (m) {
        var bar = el('div', {
          class: 'bar v-' + m.verdict + (m.unended ? ' unended' : ''), tabindex: '0', role: 'button', 'aria-label': m.name + ': ' + m.verdict,
          data: { module: m.name, index: m.index, verdict: m.verdict }
        });
        bar.style.left = ((m.start - t0) / span * 100) + '%';
        bar.style.width = ((m.end - m.start) / span * 100) + '%';
        bar.addEventListener('mouseenter', function (event) { showTooltip(m, t0, event); });
        bar.addEventListener('mousemove', moveTooltip);
        bar.addEventListener('mouseleave', hideTooltip);
        bar.addEventListener('click', function () { select(m.index, true); });
        bar.addEventListener('keydown', function (event) { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(m.index, true); } });
        bars.push(bar);
        append(track, bar);
      });
      var busy = shard === '' && busyOf[slot] ? ' · busy ' + Math.round(busyOf[slot].busyShare * 100) + '%' : '';
      append(box, el('div', { class: 'lane', data: { slot: slot } }, el('div', { class: 'lane-label', title: busy ? 'its modules held it for this share of the run; the rest it waited' : null },
        'slot ' + slot + (cpu === undefined ? '' : ' · cpu ' + cpu) + busy), track));
    });
    var axis = el('div', { class: 'axis' });
    for (var i = 0; i <= 5; i++) {
      var tick = el('span', null, (span * i / 5).toFixed(span < 10 ? 2 : 1) + ' s');
      tick.style.left = (i * 20) + '%';
      if (i === 0) tick.style.transform = 'none';
      if (i === 5) tick.style.transform = 'translateX(-100%)';
      append(axis, tick);
    }
    append(box, axis);
    return box;
  }

  function showTooltip(m, t0, event) {
    var tip = document.getElementById('tooltip');
    tip.textContent = m.name + '\n' + m.verdict + ' · ' + seconds(m.durationMs) + ' · slot ' + m.slot + ', cpu ' + m.cpu + ', interpreter ' + m.interpreter +
      '\n' + (m.start - t0).toFixed(2) + ' s → ' + (m.end - t0).toFixed(2) + ' s' + (m.unended ? ' (its interpreter never ended: the worker died or was stopped)' : '') +
      (m.findings.length ? '\n' + firstLine(m.findings[0].sentence) : '');
    tip.hidden = false;
    moveTooltip(event);
  }

  function moveTooltip(event) {
    var tip = document.getElementById('tooltip');
    tip.style.left = Math.min(event.clientX + 12, window.innerWidth - tip.offsetWidth - 8) + 'px';
    tip.style.top = (event.clientY + 14) + 'px';
  }

  function hideTooltip() { document.getElementById('tooltip').hidden = true; }

  // --- modules, filter and search ----------------------------------------------------------

  function renderModules() {
    var filter = document.getElementById('verdict-filter');
    verdictsPresent().forEach(function (entry) {
      state.verdicts[entry[0]] = true;
      var box = el('input', { type: 'checkbox', value: entry[0], checked: 'checked' });
      box.addEventListener('change', function () { state.verdicts[entry[0]] = box.checked; applyFilter(); });
      append(filter, el('label', null, box, el('span', { class: 'swatch v-' + entry[0] }), entry[0] + ' (' + entry[1] + ')'));
    });
    var body = document.querySelector('#modules tbody');
    modules.forEach(function (m) {
      var row = el('tr', { class: 'module', tabindex: '0', data: { module: m.name, index: m.index, verdict: m.verdict } },
        el('td', null, badge(m.verdict, m.verdict)),
        el('td', { class: 'mono' }, m.name),
        el('td', { class: 'num' }, m.tests.length),
        el('td', { class: 'num' }, count(m, function (o) { return o === 'passed' || o === 'xfail'; })),
        el('td', { class: 'num' }, count(m, isFailure)),
        el('td', { class: 'num' }, count(m, function (o) { return o === 'skipped'; })),
        el('td', { class: 'num' }, seconds(m.durationMs)),
        el('td', { class: 'num' }, m.slot === undefined ? '–' : m.slot));
      row.addEventListener('click', function () { select(m.index, false); });
      row.addEventListener('keydown', function (event) { if (event.key === 'Enter') select(m.index, false); });
      rows.push(row);
      append(body, row);
    });
    var search = document.getElementById('filter');
    search.addEventListener('input', function () { state.search = search.value.trim().toLowerCase(); applyFilter(); });
    applyFilter();
  }

  // The text a search looks through: names, paths, test ids, messages, output and findings.
  var haystacks = {};
  function haystack(m) {
    if (haystacks[m.index] === undefined) {
      var parts = [m.name, m.path];
      m.findings.forEach(function (f) { parts.push(f.sentence, f.evidence || ''); });
      m.tests.forEach(function (t) { parts.push(t.id, t.message || '', t.stdout || '', t.stderr || ''); });
      haystacks[m.index] = parts.join('\n').toLowerCase();
    }
    return haystacks[m.index];
  }

  function matchesSearch(m) { return !state.search || haystack(m).indexOf(state.search) >= 0; }

  function applyFilter() {
    var shown = 0;
    rows.forEach(function (row, index) {
      var m = modules[index];
      var visible = !!state.verdicts[m.verdict] && matchesSearch(m);
      row.hidden = !visible;
      if (visible) shown++;
    });
    document.getElementById('shown').textContent = shown + ' of ' + plural(modules.length, 'module');
  }

  // --- a module's details ------------------------------------------------------------------

  function select(index, scroll) {
    state.selected = index;
    var beside = besideOf(index);
    rows.forEach(function (row, i) { row.classList.toggle('selected', i === index); });
    document.querySelectorAll('.timeline').forEach(function (box) { box.classList.add('has-selection'); });
    bars.forEach(function (bar) {
      var i = Number(bar.getAttribute('data-index'));
      bar.classList.toggle('selected', i === index);
      bar.classList.toggle('beside', beside.indexOf(i) >= 0);
    });
    renderDetails(modules[index], beside);
    if (scroll) document.getElementById('details').scrollIntoView({ block: 'nearest' });
  }

  function unselect() {
    state.selected = null;
    rows.forEach(function (row) { row.classList.remove('selected'); });
    document.querySelectorAll('.timeline').forEach(function (box) { box.classList.remove('has-selection'); });
    bars.forEach(function (bar) { bar.classList.remove('selected', 'beside'); });
    document.getElementById('details').hidden = true;
  }

  function renderDetails(m, beside) {
    var panel = document.getElementById('details');
    clear(panel);
    panel.hidden = false;
    append(panel, el('button', { type: 'button', class: 'linklike close', on: { click: unselect } }, 'close'));
    append(panel, el('h2', null, badge(m.verdict, m.verdict), el('span', { id: 'details-title', class: 'mono' }, m.name)));
    var facts = el('dl', { id: 'details-facts' });
    function fact(name, value) { append(facts, [el('dt', null, name), el('dd', null, value)]); }
    fact('file', m.path);
    fact('mode', m.mode);
    fact('time', seconds(m.durationMs));
    if (m.slot !== undefined) fact('ran on', 'slot ' + m.slot + ', cpu ' + m.cpu + ', interpreter ' + m.interpreter);
    if (m.phases) fact('on its slot', m.phases);
    if (m.shard !== undefined) fact('shard', String(m.shard));
    var besideLine = el('dd', { id: 'details-beside' });
    if (!beside.length) append(besideLine, el('span', { class: 'none' }, m.slot === undefined ? 'did not run' : 'nothing: it had its core to itself'));
    appendLinks(besideLine, beside);
    append(facts, [el('dt', null, 'ran beside'), besideLine]);
    append(panel, facts);
    m.notes.forEach(function (note) { append(panel, el('p', { class: 'note' }, note)); });
    if (m.findings.length) {
      append(panel, el('h3', null, 'Findings'));
      m.findings.forEach(function (f) {
        append(panel, el('div', { class: 'module-finding', data: { kind: f.kind } }, el('p', null, f.sentence)));
        if (f.evidence) append(panel, el('pre', { class: 'evidence' }, f.evidence));
      });
    }
    append(panel, el('h3', null, plural(m.tests.length, 'test')));
    if (!m.tests.length) append(panel, el('p', { class: 'none' }, 'No test ran in this module.'));
    var ordered = m.tests.slice().sort(function (a, b) { return (isFailure(b.outcome) ? 1 : 0) - (isFailure(a.outcome) ? 1 : 0); });
    var list = el('div', { id: 'details-tests' });
    ordered.forEach(function (t) { append(list, testDetails(t)); });
    append(panel, list);
  }

  function testDetails(t) {
    var summary = el('summary', null, badge(t.outcome, t.outcome), el('span', { class: 'id' }, t.id),
      el('span', { class: 'time' }, seconds(t.durationMs)), t.message ? el('span', { class: 'message' }, firstLine(t.message)) : null);
    var body = [];
    if (t.file) body.push(el('div', { class: 'out-label' }, t.file + (t.line ? ':' + t.line : '')));
    if (t.message) body.push(el('div', { class: 'out-label' }, 'message'), el('pre', { class: 'message-text' }, t.message));
    (t.subtests || []).forEach(function (s) {
      body.push(el('div', { class: 'out-label' }, 'subtest ' + s.description + ': ' + s.outcome));
      if (s.message || s.traceback) body.push(el('pre', null, (s.message || '') + (s.traceback ? '\n' + s.traceback : '')));
    });
    if (t.traceback) body.push(el('div', { class: 'out-label' }, 'traceback'), el('pre', { class: 'traceback' }, t.traceback));
    if (t.stdout) body.push(el('div', { class: 'out-label' }, 'stdout'), el('pre', { class: 'stdout' }, t.stdout));
    if (t.stderr) body.push(el('div', { class: 'out-label' }, 'stderr'), el('pre', { class: 'stderr' }, t.stderr));
    var node = el('details', { class: 'test', data: { outcome: t.outcome } }, summary, body);
    if (isFailure(t.outcome)) node.open = true;
    return node;
  }

  renderHeader();
  renderSummary();
  renderFindings();
  renderTimeline();
  renderModules();
})();
