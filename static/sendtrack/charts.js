// Draws the charts described by JSON data blocks (see the indicator and project pages). Every
// chart has a summary in words and a table of the same figures beside it, so nothing here is
// the only way to read them.
(function () {
  "use strict";
  if (!window.Chart) return;

  // The programme's amber is defined once, in colours.css, for the pages and the admin too.
  var amber = getComputedStyle(document.documentElement).getPropertyValue("--sendtrack-amber").trim();
  var colours = {
    value: "#1d70b8",
    target: "#00703c",
    england: "#505a5f",
    neighbours: "#912b88",
    region: "#6f72af",
    baseline: "#505a5f",
    forecast: amber || "#ffbf47",
    outline: "#0b0c0c",
    completed: "#00703c",
  };
  Chart.defaults.font.family = "arial, sans-serif";
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#0b0c0c";
  Chart.defaults.animation = false;

  function trend(canvas, data) {
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: "Value",
            data: data.values,
            borderColor: colours.value,
            backgroundColor: colours.value,
            borderWidth: 3,
            spanGaps: true,
            pointStyle: data.provisional.map(function (p) { return p ? "triangle" : "circle"; }),
            pointRadius: data.provisional.map(function (p) { return p ? 6 : 3; }),
            pointBackgroundColor: data.provisional.map(function (p) { return p ? "#ffffff" : colours.value; }),
          },
          { label: "Forecast", data: data.forecast || [], borderColor: colours.value, backgroundColor: "#ffffff", borderDash: [3, 3], borderWidth: 2, pointStyle: "rectRot", pointRadius: 5, spanGaps: true },
          { label: "Target", data: data.target, borderColor: colours.target, borderDash: [8, 4], stepped: true, pointRadius: 0, spanGaps: true },
          { label: "England", data: data.england, borderColor: colours.england, borderDash: [2, 3], pointRadius: 0, spanGaps: true },
          { label: "Region", data: data.region || [], borderColor: colours.region, borderDash: [4, 4], pointRadius: 0, spanGaps: true },
          { label: "Statistical neighbours", data: data.neighbours, borderColor: colours.neighbours, borderDash: [10, 3, 2, 3], pointRadius: 0, spanGaps: true },
        ].filter(function (set) { return set.data.some(function (v) { return v !== null; }); }),
      },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
        scales: { x: { ticks: { maxTicksLimit: 12 } } },
      },
    });
  }

  function day(text) { return text ? Date.parse(text) : null; }

  function timeline(canvas, data) {
    function points(key) {
      return data[key].map(function (value, index) {
        return value ? { x: day(value), y: data.labels[index] } : null;
      }).filter(Boolean);
    }
    return new Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          { label: "Baseline", data: points("baseline"), backgroundColor: colours.baseline, pointStyle: "rect", pointRadius: 6 },
          // Amber stands out from white at only 1.7:1: each forecast is outlined in near-black.
          { label: "Forecast", data: points("forecast"), backgroundColor: colours.forecast, borderColor: colours.outline, borderWidth: 1, pointStyle: "triangle", pointRadius: 7 },
          { label: "Completed", data: points("completed"), backgroundColor: colours.completed, pointStyle: "circle", pointRadius: 6 },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
        scales: {
          y: { type: "category", labels: data.labels, offset: true },
          x: {
            type: "linear",
            ticks: {
              callback: function (value) {
                return new Date(value).toLocaleDateString("en-GB", { month: "short", year: "numeric" });
              },
            },
          },
        },
      },
    });
  }

  function contribution(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Projects", data: data.projects, backgroundColor: colours.value },
          { label: "Indicators", data: data.indicators, backgroundColor: colours.neighbours },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function finance(canvas, data) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Planned", data: data.planned, backgroundColor: colours.england },
          { label: "Delivered", data: data.delivered, backgroundColor: colours.value },
          { label: "Forecast", data: data.forecast, backgroundColor: colours.forecast, borderColor: colours.outline, borderWidth: 1 },
          { type: "line", label: "Safety Valve target", data: data.target, borderColor: colours.target, backgroundColor: colours.target, borderDash: [8, 4], pointStyle: "rectRot", pointRadius: 6, showLine: false },
        ].filter(function (set) { return set.data.some(function (v) { return v !== null; }); }),
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { callback: function (value) { return "£" + Number(value).toLocaleString("en-GB"); } } } },
      },
    });
  }

  var kinds = { trend: trend, timeline: timeline, contribution: contribution, finance: finance };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (kinds[data.kind]) kinds[data.kind](canvas, data);
  });
})();
