/* The results chart: the labels come from the canvas's data attributes (translated). */
(function () {
  var el = document.getElementById("result-chart");
  if (!el || !window.Chart) return;
  var d = JSON.parse(JSON.parse(document.getElementById("chart-data").textContent));
  new Chart(el, {
    type: "bar",
    data: { labels: d.labels, datasets: [{ label: el.dataset.votesLabel, data: d.votes,
      backgroundColor: d.votes.map(function (v, i) { return d.elected[i] ? "#1a7f37" : (v >= d.threshold ? "#9a6700" : "#9aa4b1"); }) }] },
    options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: false }, title: { display: true, text: el.dataset.thresholdLabel + ": " + d.threshold } },
      scales: { x: { suggestedMax: d.base, beginAtZero: true }, y: { ticks: { autoSkip: false, font: { size: 10 } } } } }
  });
})();
