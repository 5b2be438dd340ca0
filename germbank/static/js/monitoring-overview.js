/* GermBank monitoring overview: polls the overview JSON every few seconds and updates each
   location card in place (values, statuses, sparklines) — no page reload.

   Markup contract (templates/monitoring/overview.html):
     [data-overview-url][data-poll-seconds]            the page root
     [data-location=CODE] [data-field=status]          a card and its status badge
     [data-metric=NAME] [data-field=value|status|age]  a metric row, [data-spark] its sparkline
   Also keeps the navigation's alarm badge [data-alarm-badge] current. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var BADGE = {ok: "ok", excursion: "warn", alarm: "bad", offline: "bad", unknown: ""};

  function setBadge(el, status, label) {
    if (!el) { return; }
    el.className = "badge " + (BADGE[status] || "");
    el.textContent = label;
    el.setAttribute("data-status", status);
  }

  /* A tiny line of the last hours, with the safe range shaded. */
  function sparkline(holder, spark, minimum, maximum) {
    var values = (spark && spark.v) || [];
    var width = 120, height = 28;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("class", "sparkline");
    svg.setAttribute("aria-hidden", "true");
    var finite = values.filter(function (v) { return v != null; });
    if (finite.length >= 2) {
      var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite);
      if (minimum != null) { lo = Math.min(lo, minimum); }
      if (maximum != null) { hi = Math.max(hi, maximum); }
      if (hi === lo) { hi += 1; lo -= 1; }
      var y = function (v) { return height - 2 - (v - lo) / (hi - lo) * (height - 4); };
      var x = function (i) { return i / (values.length - 1) * width; };
      if (minimum != null || maximum != null) {
        var band = document.createElementNS(SVG, "rect");
        var top = maximum != null ? y(maximum) : 0, bottom = minimum != null ? y(minimum) : height;
        band.setAttribute("x", "0"); band.setAttribute("width", String(width));
        band.setAttribute("y", String(top)); band.setAttribute("height", String(Math.max(0, bottom - top)));
        band.setAttribute("class", "sparkline-band");
        svg.appendChild(band);
      }
      var d = "", pen = "M";
      values.forEach(function (v, i) {
        if (v == null) { pen = "M"; return; }
        d += pen + x(i).toFixed(1) + " " + y(v).toFixed(1) + " ";
        pen = "L";
      });
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.setAttribute("class", "sparkline-line");
      svg.appendChild(path);
    }
    holder.replaceChildren(svg);
  }

  function updateBadge(count) {
    document.querySelectorAll("[data-alarm-badge]").forEach(function (badge) {
      badge.textContent = count ? String(count) : "";
      badge.className = count ? "badge bad nav-alarm-badge" : "nav-alarm-badge";
      badge.hidden = !count;
    });
  }

  function apply(root, body) {
    body.locations.forEach(function (location) {
      var card = root.querySelector('[data-location="' + location.code + '"]');
      if (!card) { return; }
      setBadge(card.querySelector('[data-field="status"]'), location.status, location.status_label);
      card.setAttribute("data-status", location.status);
      var alarms = card.querySelector('[data-field="alarms"]');
      if (alarms) { alarms.textContent = location.alarms_label; alarms.hidden = !location.alarms; }
      location.metrics.forEach(function (metric) {
        var row = card.querySelector('[data-metric="' + metric.metric + '"]');
        if (!row) { return; }
        var value = row.querySelector('[data-field="value"]');
        if (value) { value.textContent = metric.display; }
        var age = row.querySelector('[data-field="age"]');
        if (age) { age.textContent = metric.age_label || ""; }
        setBadge(row.querySelector('[data-field="status"]'), metric.status, metric.status_label);
        var spark = row.querySelector("[data-spark]");
        if (spark && metric.spark) { sparkline(spark, metric.spark, metric.minimum, metric.maximum); }
      });
    });
    var stamp = root.querySelector("[data-field=updated]");
    if (stamp) { stamp.textContent = body.generated_label; }
    updateBadge(body.summary.unacknowledged);
    root.setAttribute("data-refreshed", body.generated_at);
  }

  function poll(root) {
    var url = root.getAttribute("data-overview-url");
    var seconds = parseFloat(root.getAttribute("data-poll-seconds") || "5");
    var failed = root.querySelector("[data-field=failed]");
    var tick = function () {
      window.GermBank.fetchJSON(url).then(function (body) {
        apply(root, body);
        if (failed) { failed.hidden = true; }
      }).catch(function () {
        if (failed) { failed.hidden = false; }
      }).then(function () {
        window.setTimeout(tick, seconds * 1000);
      });
    };
    tick();
  }

  function start() {
    var root = document.querySelector("[data-overview-url]");
    if (root) { poll(root); return; }
    /* Other monitoring pages: keep the navigation badge fresh. */
    var summary = document.querySelector("[data-alarm-summary-url]");
    if (summary) {
      var url = summary.getAttribute("data-alarm-summary-url");
      var tick = function () {
        window.GermBank.fetchJSON(url).then(function (body) { updateBadge(body.unacknowledged); })
          .catch(function () { /* the next tick tries again */ })
          .then(function () { window.setTimeout(tick, 15000); });
      };
      tick();
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
