/* meekbook's own embed for the interactive figures (not vendored code; BSD-3-Clause as the book).
 *
 * window.meekbookEmbed(el, spec, info) draws the Vega spec `spec` (compiled from Vega-Lite when
 * the chapter ran, by meekbook.web.embed) into the element `el` with the Vega runtime
 * (vega-meekbook.min.js, loaded first) and returns a promise of the Vega view. Around the chart:
 *   - an accessible name (role=figure on the figure, role=img on the canvas, aria-label
 *     info.label);
 *   - a text summary of the chart's headline results, read from the chart's own notes (its
 *     one-line text marks, computed by the spec's Vega expressions), in an aria-live line that
 *     follows the sliders;
 *   - slider readouts rounded to the slider's step, with the control's unit; a log-scale slider
 *     (signal log10_X) shows 10^x (dollars for a price), never the exponent;
 *   - a button that puts every slider back to the paper's values (the values the page opened
 *     with).
 * info: {label: str, controls: {signal: {unit: str, log: bool}}}.
 */
(function () {
  'use strict';

  // digits after the point of a slider step ("0.01" -> 2, "1e-9" -> 9)
  function decimals(step) {
    var s = String(step);
    if (s.indexOf('e-') >= 0) return Number(s.split('e-')[1]) + ((s.split('e-')[0].split('.')[1] || '').length);
    var i = s.indexOf('.');
    return i < 0 ? 0 : s.length - i - 1;
  }

  function threeDigits(v) { return String(+v.toPrecision(3)); }

  var SUFFIX = {'×': '×', '×/yr': '×/yr', 'yr': ' yr', 'FLOP': ' FLOP'};

  // the text a slider shows for its signal's value (and reads out as aria-valuetext)
  function readout(input, value, meta) {
    var step = Number(input.step) || 1, unit = (meta && meta.unit) || '';
    if (meta && meta.log) {
      var v = Math.pow(10, value);
      if (unit.charAt(0) === '$') return '$' + threeDigits(v);
      if (unit === 'FLOP') return '1e' + value.toFixed(decimals(step)) + ' FLOP';
      return threeDigits(v) + (SUFFIX[unit] || '');
    }
    var dec = decimals(step), r = Number((Math.round(value / step) * step).toFixed(dec));
    if (r !== 0 && Math.abs(r) < 1e-3) return (unit === '$' ? '$' : '') + r.toExponential() + (SUFFIX[unit] || '');
    var text = r.toFixed(dec);
    if (unit === '$') return '$' + Number(text).toLocaleString('en-US', {minimumFractionDigits: dec, maximumFractionDigits: dec});
    return text + (SUFFIX[unit] || '');
  }

  // the text of the chart's notes: text marks of the chart (not axes or legends) with one item
  function notes(node, out) {
    if (!node || !node.items) return out;
    if (node.marktype === 'text' && node.role === 'mark') {
      if (node.items.length === 1) {
        var t = node.items[0].text;
        if (t != null && t !== '') out.push(Array.isArray(t) ? t.join('; ') : String(t).replace(/\n/g, '; '));
      }
      return out;
    }
    node.items.forEach(function (child) { notes(child, out); });
    return out;
  }

  function setUpSliders(el, view, info) {
    var initial = {}, readouts = [];
    el.querySelectorAll('.vega-bind input').forEach(function (input) {
      var name = input.name;
      if (!name) return;
      try { initial[name] = view.signal(name); } catch (e) { return; }
      if (input.type !== 'range') return;
      var meta = (info.controls || {})[name];
      var own = input.nextElementSibling;      // Vega's readout: it would show the raw value
      if (own && own.tagName === 'SPAN') own.hidden = true;
      var out = document.createElement('output');
      out.className = 'meekbook-readout';
      input.insertAdjacentElement('afterend', out);
      function show() {
        var value;
        try { value = Number(view.signal(name)); } catch (e) { value = Number(input.value); }
        var text = readout(input, value, meta);
        out.textContent = text;
        input.setAttribute('aria-valuetext', text);
      }
      input.addEventListener('input', show);
      view.addSignalListener(name, show);
      readouts.push(show);
      show();
    });
    return {initial: initial, readouts: readouts};
  }

  window.meekbookEmbed = function (el, spec, info) {
    info = info || {};
    var label = info.label || 'Interactive figure';
    el.setAttribute('role', 'figure');
    el.setAttribute('aria-label', label);
    var chartEl = document.createElement('div');
    chartEl.className = 'vega-embed';
    var summary = document.createElement('p');
    summary.className = 'meekbook-chart-summary';
    summary.id = el.id + '-summary';
    summary.setAttribute('aria-live', 'polite');
    el.appendChild(chartEl);
    el.appendChild(summary);
    var view = new vega.View(vega.parse(spec), {renderer: 'canvas', hover: true});
    view.initialize(chartEl);
    return view.runAsync().then(function () {
      var canvas = chartEl.querySelector('canvas');
      if (canvas) {
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', label);
        canvas.setAttribute('aria-describedby', summary.id);
      }
      var sliders = setUpSliders(chartEl, view, info), pending = null;
      function update() {
        var text = notes(view.scenegraph().root, []).join('. ');
        if (summary.textContent !== text) summary.textContent = text;
      }
      function later() {
        if (pending) clearTimeout(pending);
        pending = setTimeout(function () { pending = null; view.runAsync().then(update); }, 150);
      }
      Object.keys(sliders.initial).forEach(function (name) { view.addSignalListener(name, later); });
      if (Object.keys(sliders.initial).length) {
        var reset = document.createElement('button');
        reset.type = 'button';
        reset.className = 'meekbook-reset';
        reset.textContent = "Reset to the paper's values";
        reset.addEventListener('click', function () {
          Object.keys(sliders.initial).forEach(function (name) { view.signal(name, sliders.initial[name]); });
          view.runAsync().then(function () { sliders.readouts.forEach(function (f) { f(); }); update(); });
        });
        (chartEl.querySelector('.vega-bindings') || chartEl).appendChild(reset);
      }
      update();
      // when the figure became interactive (ms since the page started loading; benchmarks)
      (window.meekbookReady = window.meekbookReady || {})[el.id] = performance.now();
      return view;
    });
  };
})();
