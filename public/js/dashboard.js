// Draws the dashboard's charts with Chart.js (served from /vendor/chartjs). Each
// <canvas data-chart="…"> carries its labels and numbers as JSON; the same numbers are
// in the table next to it, so the page reads fine without this script.
(function () {
  'use strict';
  var Chart = window.Chart;
  if (!Chart) return;
  var COLOURS = ['#0b4f8a', '#e08a00', '#2e7d32', '#8e24aa', '#c62828', '#00838f'];

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart') || '');
    } catch {
      return;
    }
    var many = spec.datasets.length > 1;
    var valueTicks = spec.integers ? { precision: 0 } : {};
    // Every category label shown: a long list (13 support types) is drawn tall enough.
    var categoryTicks = spec.horizontal ? { autoSkip: false } : {};
    new Chart(canvas, {
      type: spec.type || 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset, i) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: many
              ? COLOURS[i % COLOURS.length]
              : spec.labels.map(function (_, j) {
                  return COLOURS[j % COLOURS.length];
                }),
          };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: many } },
        scales: {
          x: { beginAtZero: true, ticks: spec.horizontal ? valueTicks : categoryTicks },
          y: { beginAtZero: true, ticks: spec.horizontal ? categoryTicks : valueTicks },
        },
      },
    });
  });
})();
