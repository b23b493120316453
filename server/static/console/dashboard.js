// 统计: draw each table[data-chart] as an ECharts chart beside it. Without JavaScript, or until
// ECharts has loaded, the tables alone show every number; the charts are read from them.
(function () {
  if (!window.echarts) { return; }
  var COLORS = ["#b71c1c", "#1d5fbf", "#2e7d32", "#e0a000", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];
  var tables = document.querySelectorAll("table[data-chart]");
  var charts = [];
  for (var i = 0; i < tables.length; i++) {
    var chart = draw(tables[i]);
    if (chart) { charts.push(chart); }
  }
  window.addEventListener("resize", function () {
    for (var j = 0; j < charts.length; j++) { charts[j].resize(); }
  });

  function read(table) {
    var header = table.tHead.rows[0].cells;
    var columns = table.getAttribute("data-series").split(",");
    var data = { names: [], labels: [], values: [] };
    for (var c = 0; c < columns.length; c++) {
      data.names.push(header[+columns[c]].textContent);
      data.values.push([]);
    }
    var rows = table.tBodies[0].rows;
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].cells;
      if (cells.length < header.length) { continue; }  // the "no data" row
      data.labels.push(cells[0].textContent);
      for (var k = 0; k < columns.length; k++) {
        var value = cells[+columns[k]].getAttribute("data-value");
        data.values[k].push(value === "" ? null : Number(value));
      }
    }
    return data;
  }

  function sum(values) {
    var total = 0;
    for (var i = 0; i < values.length; i++) { total += values[i] || 0; }
    return total;
  }

  function series(data, type) {
    var list = [];
    for (var k = 0; k < data.names.length; k++) {
      list.push({ name: data.names[k], type: type, data: data.values[k], label: { show: type === "bar", position: "top" } });
    }
    return list;
  }

  function option(kind, data, counts) {
    // richText tooltips: HTML ones carry inline styles, which the console's CSP refuses.
    var base = { color: COLORS, animation: false, tooltip: { trigger: "axis", renderMode: "richText" },
                 grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true } };
    if (kind === "pie") {
      var slices = [];
      for (var i = 0; i < data.labels.length; i++) { slices.push({ name: data.labels[i], value: data.values[0][i] }); }
      base.tooltip.trigger = "item";
      base.legend = { bottom: 0 };
      base.series = [{ type: "pie", radius: ["35%", "62%"], data: slices, label: { formatter: "{b}\n{c}（{d}%）" } }];
    } else if (kind === "hbar") {
      base.xAxis = { type: "value", minInterval: counts ? 1 : 0 };
      base.yAxis = { type: "category", data: data.labels, inverse: true };
      base.series = series(data, "bar");
      base.series[0].label = { show: true, position: "right" };
    } else {
      base.legend = { top: 0 };
      // every category named, slanted when there are many
      base.xAxis = { type: "category", data: data.labels,
                     axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 } };
      base.yAxis = { type: "value", minInterval: counts ? 1 : 0 };
      base.series = series(data, kind === "line" ? "line" : "bar");
    }
    return base;
  }

  function draw(table) {
    var data = read(table);
    if (!data.labels.length) { return null; }
    // a ring of nothing but zeros would be drawn as equal slices: the table alone says "0"
    if (table.getAttribute("data-chart") === "pie" && !sum(data.values[0])) { return null; }
    var pair = table.parentNode;
    while (pair && !/\bchart-pair\b/.test(pair.className)) { pair = pair.parentNode; }
    if (!pair) { return null; }
    var box = document.createElement("div");
    box.className = "chart chart-" + table.getAttribute("data-chart");
    box.setAttribute("aria-hidden", "true");  // the table beside it says the same to a screen reader
    pair.insertBefore(box, pair.firstChild);
    pair.className += " has-chart";
    var chart = window.echarts.init(box);
    chart.setOption(option(table.getAttribute("data-chart"), data, table.hasAttribute("data-counts")));
    return chart;
  }
})();
