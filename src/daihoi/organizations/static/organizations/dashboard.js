/* The dashboard's two charts, from the json_script data on the page. */
(function () {
  const d = JSON.parse(document.getElementById("dashboard-data").textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  new Chart(document.getElementById("chart-admissions"), {
    type: "bar",
    data: { labels: d.years, datasets: [
      { label: d.admitted_label, data: d.admitted, backgroundColor: "#b3141c" },
      { label: d.planned_label, data: d.planned, backgroundColor: "#f2c94c" },
    ] },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
  new Chart(document.getElementById("chart-status"), {
    type: "doughnut",
    data: { labels: d.status_labels, datasets: [{ data: d.status_counts,
      backgroundColor: ["#f2c94c", "#b3141c", "#5f6b7a", "#1f2328", "#b9c1cb"] }] },
    options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } },
  });
})();
