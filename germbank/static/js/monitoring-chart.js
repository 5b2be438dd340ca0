/* GermBank climate charts (uPlot). No inline scripts: every chart reads its settings from
   data-* attributes of an element with [data-climate-chart] and its data from a JSON endpoint.

   Attributes:
     data-series-url   JSON endpoint; receives ?start=&end=&metrics= (ISO times)
     data-metrics      comma-separated metrics to draw (one chart per metric, cursors synced)
     data-range        initial preset: 24h | 7d | 30d | 1y | all (default 24h)
     data-start/-end   initial custom range (ISO), overrides data-range
     data-timezone     IANA zone for the time axis (default Asia/Shanghai)
     data-zoom         "off" to disable drag-to-zoom (lot/accession pages keep their periods)

   The endpoint answers {start, end, resolution, metrics: [{metric, label, unit, decimals,
   t: [epoch s], mean: [], min: [] or null, max: [] or null (raw: both equal mean),
   bands: [{from, to, minimum, maximum}]}]}.
   Min/max are drawn as a shaded envelope around the mean so excursions stay visible at any
   zoom; threshold bands are drawn behind the data, limits as dashed red lines. Dragging
   across a chart zooms all of them and fetches finer data (raw readings at a day or less). */
(function () {
  "use strict";

  var PRESETS = {"24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400, "1y": 365 * 86400};
  var COLORS = {
    temperature: "#c0392b", humidity: "#1f5f99", co2: "#6b4f9e", light: "#b7791f",
    soil_moisture: "#2f6b4f", battery: "#5f6f67"
  };

  function toIso(seconds) { return new Date(seconds * 1000).toISOString(); }

  function fetchJSON(url) {
    if (window.GermBank && window.GermBank.fetchJSON) { return window.GermBank.fetchJSON(url); }
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  /* Threshold bands and limit lines, drawn under the series. */
  function bandsPlugin(getBands) {
    function draw(u) {
      var bands = getBands() || [];
      var ctx = u.ctx, box = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(box.left, box.top, box.width, box.height);
      ctx.clip();
      bands.forEach(function (band) {
        var x0 = band.from == null ? box.left : Math.max(box.left, u.valToPos(band.from, "x", true));
        var x1 = band.to == null ? box.left + box.width
          : Math.min(box.left + box.width, u.valToPos(band.to, "x", true));
        if (x1 <= x0) { return; }
        var yTop = band.maximum == null ? box.top : u.valToPos(band.maximum, "y", true);
        var yBottom = band.minimum == null ? box.top + box.height : u.valToPos(band.minimum, "y", true);
        ctx.fillStyle = "rgba(47, 107, 79, 0.10)";
        ctx.fillRect(x0, yTop, x1 - x0, yBottom - yTop);
        ctx.strokeStyle = "rgba(180, 35, 24, 0.85)";
        ctx.lineWidth = 1 * devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        [band.minimum, band.maximum].forEach(function (limit) {
          if (limit == null) { return; }
          var y = Math.round(u.valToPos(limit, "y", true)) + 0.5;
          ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
        });
        ctx.setLineDash([]);
      });
      ctx.restore();
    }
    return {hooks: {drawClear: [draw]}};
  }

  function yRange(series) {
    return function (u, dataMin, dataMax) {
      var lo = dataMin, hi = dataMax;
      (series.bands || []).forEach(function (band) {
        if (band.minimum != null) { lo = lo == null ? band.minimum : Math.min(lo, band.minimum); }
        if (band.maximum != null) { hi = hi == null ? band.maximum : Math.max(hi, band.maximum); }
      });
      if (lo == null || hi == null) { return [0, 1]; }
      var pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;
      return [lo - pad, hi + pad];
    };
  }

  function ClimateChart(root) {
    this.root = root;
    this.url = root.getAttribute("data-series-url");
    this.metrics = (root.getAttribute("data-metrics") || "").split(",").filter(Boolean);
    this.tz = root.getAttribute("data-timezone") || "Asia/Shanghai";
    this.zoom = root.getAttribute("data-zoom") !== "off";
    this.plots = {};
    this.data = {};
    this.status = root.querySelector("[data-chart-status]");
    this.area = root.querySelector("[data-chart-area]") || root;
    var start = root.getAttribute("data-start"), end = root.getAttribute("data-end");
    if (start) {
      this.range = {start: Date.parse(start) / 1000, end: end ? Date.parse(end) / 1000 : Date.now() / 1000};
    } else {
      this.range = this.preset(root.getAttribute("data-range") || "24h");
    }
    this.bindControls();
    this.load(this.range);
    var self = this;
    window.addEventListener("resize", function () { self.resize(); });
  }

  ClimateChart.prototype.preset = function (name) {
    var now = Date.now() / 1000;
    if (name === "all") { return {start: null, end: null}; }
    return {start: now - (PRESETS[name] || PRESETS["24h"]), end: now};
  };

  ClimateChart.prototype.bindControls = function () {
    var self = this, root = this.root;
    root.querySelectorAll("[data-range-preset]").forEach(function (button) {
      button.addEventListener("click", function () {
        root.querySelectorAll("[data-range-preset]").forEach(function (b) { b.classList.remove("active"); });
        button.classList.add("active");
        self.range = self.preset(button.getAttribute("data-range-preset"));
        self.load(self.range);
      });
    });
    var custom = root.querySelector("[data-custom-range]");
    if (custom) {
      custom.addEventListener("submit", function (event) {
        event.preventDefault();
        var from = custom.querySelector("[name=start]").value, to = custom.querySelector("[name=end]").value;
        if (!from || !to) { return; }
        var range = {start: new Date(from).getTime() / 1000, end: new Date(to).getTime() / 1000};
        if (!(range.end > range.start)) { self.say(custom.getAttribute("data-invalid") || "?"); return; }
        self.range = range;
        self.load(range);
      });
    }
    root.querySelectorAll("[data-metric-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        var chosen = [];
        root.querySelectorAll("[data-metric-toggle]").forEach(function (b) { if (b.checked) { chosen.push(b.value); } });
        self.metrics = chosen;
        self.load(self.current || self.range);
      });
    });
    var reset = root.querySelector("[data-zoom-reset]");
    if (reset) { reset.addEventListener("click", function () { self.load(self.range); }); }
  };

  ClimateChart.prototype.say = function (text) {
    if (this.status) { this.status.textContent = text || ""; }
  };

  ClimateChart.prototype.load = function (range) {
    var self = this;
    var params = new URLSearchParams();
    if (range.start != null) { params.set("start", toIso(range.start)); }
    if (range.end != null) { params.set("end", toIso(range.end)); }
    if (this.metrics.length) { params.set("metrics", this.metrics.join(",")); }
    var sep = this.url.indexOf("?") >= 0 ? "&" : "?";
    this.say(this.root.getAttribute("data-loading") || "…");
    this.root.setAttribute("aria-busy", "true");
    return fetchJSON(this.url + sep + params.toString()).then(function (body) {
      self.current = {start: Date.parse(body.start) / 1000, end: Date.parse(body.end) / 1000};
      self.render(body);
      self.root.setAttribute("aria-busy", "false");
      self.root.setAttribute("data-resolution", body.resolution || "");
      var points = body.metrics.reduce(function (n, m) { return n + m.t.length; }, 0);
      self.root.setAttribute("data-points", String(points));
      self.say(points ? "" : (self.root.getAttribute("data-empty") || ""));
    }).catch(function (error) {
      self.root.setAttribute("aria-busy", "false");
      self.say((self.root.getAttribute("data-failed") || "") + " " + error.message);
    });
  };

  ClimateChart.prototype.render = function (body) {
    var self = this;
    var wanted = {};
    body.metrics.forEach(function (series) { wanted[series.metric] = true; });
    Object.keys(this.plots).forEach(function (metric) {
      if (!wanted[metric]) {
        self.plots[metric].plot.destroy();
        self.plots[metric].box.remove();
        delete self.plots[metric];
      }
    });
    body.metrics.forEach(function (series) {
      self.data[series.metric] = series;
      var data = [series.t, series.min || series.mean, series.max || series.mean, series.mean];
      var entry = self.plots[series.metric];
      if (entry) {
        entry.plot.setData(data, false);
        entry.plot.setScale("x", {min: self.current.start, max: self.current.end});
      } else {
        self.plots[series.metric] = self.create(series, data);
      }
    });
  };

  ClimateChart.prototype.width = function () {
    return Math.max(320, (this.area.clientWidth || this.root.clientWidth || 800) - 4);
  };

  ClimateChart.prototype.create = function (series, data) {
    var self = this;
    var box = document.createElement("div");
    box.className = "climate-plot";
    box.setAttribute("data-plot-metric", series.metric);
    this.area.appendChild(box);
    var color = COLORS[series.metric] || "#1d2a24";
    var fmt = function (u, v) { return v == null ? "—" : v.toFixed(series.decimals == null ? 1 : series.decimals); };
    var tz = this.tz;
    var opts = {
      title: series.label + (series.unit ? " (" + series.unit + ")" : ""),
      width: this.width(),
      height: 220,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), tz); },
      scales: {x: {time: true, min: this.current.start, max: this.current.end}, y: {range: yRange(series)}},
      cursor: {sync: {key: "germbank-climate-" + (this.root.id || "chart")},
               drag: {x: this.zoom, y: false, setScale: false}},
      series: [
        {},
        {label: "min", stroke: "rgba(0,0,0,0)", value: fmt, points: {show: false}},
        {label: "max", stroke: "rgba(0,0,0,0)", value: fmt, points: {show: false}},
        {label: series.label, stroke: color, width: 1.5, value: fmt, spanGaps: false}
      ],
      bands: [{series: [2, 1], fill: color + "33"}],
      axes: [{}, {label: series.unit, size: 56}],
      plugins: [bandsPlugin(function () { return (self.data[series.metric] || {}).bands; })],
      hooks: {setSelect: [function (u) { self.zoomTo(u); }]}
    };
    var plot = new uPlot(opts, data, box);
    return {plot: plot, box: box};
  };

  ClimateChart.prototype.zoomTo = function (u) {
    if (!this.zoom || u.select.width < 5) { return; }
    var start = u.posToVal(u.select.left, "x"), end = u.posToVal(u.select.left + u.select.width, "x");
    u.setSelect({left: 0, top: 0, width: 0, height: 0}, false);
    this.load({start: start, end: end});
  };

  ClimateChart.prototype.resize = function () {
    var width = this.width();
    Object.keys(this.plots).forEach(function (metric) {
      var plot = this.plots[metric].plot;
      plot.setSize({width: width, height: plot.height});
    }, this);
  };

  /* A select [data-chart-source=CHART_ID] switches that chart to another series (a lot). */
  function bindSources() {
    document.querySelectorAll("[data-chart-source]").forEach(function (select) {
      if (select.chartSourceBound) { return; }
      select.chartSourceBound = true;
      select.addEventListener("change", function () {
        var root = document.getElementById(select.getAttribute("data-chart-source"));
        var chart = root && root.climateChart;
        if (!chart) { return; }
        var option = select.options[select.selectedIndex];
        chart.url = select.value;
        var from = option.getAttribute("data-start");
        chart.range = {start: from ? Date.parse(from) / 1000 : null, end: Date.now() / 1000};
        chart.load(chart.range);
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-climate-chart]").forEach(function (root) {
      if (!root.climateChart) { root.climateChart = new ClimateChart(root); }
    });
    bindSources();
  }

  window.GermBankCharts = {start: start, ClimateChart: ClimateChart};
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
