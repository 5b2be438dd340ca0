/* Viability forecast charts (uPlot): predicted germination per lot, the measured tests as
   points, the regeneration threshold as a dashed line, and markers for today and the
   predicted crossing. Each element with data-forecast-chart="<url>" fetches its series from
   the forecasts API (see germbank/forecasts/services/chart.py for the shape). No inline
   script: the labels come from data-label-* attributes, translated by the template. */
(function () {
  "use strict";
  if (window.GermBankForecastCharts) { return; }
  window.GermBankForecastCharts = true;

  var PALETTE = ["#1b7f4b", "#2563eb", "#b45309", "#7c3aed", "#be123c", "#0f766e"];
  var HEIGHT = 300;

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  /* Dates as numbers (2026-03, 2026-03-14): the same in Chinese and English. */
  function yearMonth(ts) {
    var date = new Date(ts * 1000);
    return date.getFullYear() + "-" + pad(date.getMonth() + 1);
  }

  function isoDate(ts) {
    var date = new Date(ts * 1000);
    return yearMonth(ts) + "-" + pad(date.getDate());
  }

  function percent(u, value) {
    return value == null ? "—" : value.toFixed(1) + " %";
  }

  function markerPlugin(marks) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
          ctx.save();
          ctx.font = Math.round(11 * devicePixelRatio) + "px sans-serif";
          marks.forEach(function (mark) {
            if (mark.x == null) { return; }
            var px = u.valToPos(mark.x, "x", true);
            if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) { return; }
            ctx.strokeStyle = mark.colour;
            ctx.fillStyle = mark.colour;
            ctx.setLineDash(mark.dash);
            ctx.lineWidth = devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(px, top);
            ctx.lineTo(px, bottom);
            ctx.stroke();
            ctx.fillText(mark.label, px + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
          });
          ctx.restore();
        }]
      }
    };
  }

  function build(element, data) {
    var labels = element.dataset;
    var many = data.lots.length > 1;
    var series = [{label: labels.labelTime, value: function (u, ts) {
      return ts == null ? "—" : isoDate(ts);
    }}];
    var values = [data.x];
    var marks = [{x: data.today, label: labels.labelToday, colour: "#555", dash: [2, 3]}];
    data.lots.forEach(function (lot, index) {
      var colour = PALETTE[index % PALETTE.length];
      var prefix = many ? lot.lot_number + " · " : "";
      series.push({label: prefix + labels.labelCurve, stroke: colour, width: 2, value: percent});
      values.push(lot.curve);
      series.push({
        label: prefix + labels.labelTests, stroke: colour, width: 0, value: percent,
        paths: function () { return null; },
        points: {show: true, size: 9, fill: colour, stroke: "#fff", width: 1}
      });
      values.push(lot.tests);
      series.push({label: prefix + labels.labelThreshold, stroke: colour, width: 1, dash: [8, 5],
                   value: percent});
      values.push(data.x.map(function () { return lot.threshold; }));
      if (lot.crossing != null) {
        marks.push({x: lot.crossing, label: prefix + labels.labelCrossing, colour: colour,
                    dash: [6, 3]});
      }
    });
    var options = {
      width: Math.max(element.clientWidth, 320),
      height: HEIGHT,
      series: series,
      scales: {x: {time: true}, y: {range: [0, 100]}},
      axes: [
        {space: 80, values: function (u, ticks) { return ticks.map(yearMonth); }},
        {size: 56, values: function (u, ticks) {
          return ticks.map(function (tick) { return tick + " %"; });
        }}
      ],
      plugins: [markerPlugin(marks)]
    };
    var plot = new window.uPlot(options, values, element);
    window.addEventListener("resize", function () {
      plot.setSize({width: Math.max(element.clientWidth, 320), height: HEIGHT});
    });
  }

  function load(element) {
    window.GermBank.fetchJSON(element.getAttribute("data-forecast-chart"))
      .then(function (data) {
        if (!data.lots.length) { element.classList.add("empty"); return; }
        build(element, data);
      })
      .catch(function (error) {
        element.classList.add("failed");
        element.textContent = error.message;
      });
  }

  function start() {
    if (!window.uPlot) { return; }
    document.querySelectorAll("[data-forecast-chart]").forEach(load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
