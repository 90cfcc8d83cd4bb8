// Draws the chart of the page: the Vega-Lite spec and vega-embed options are JSON data blocks beside the #chart
// element, so that no inline script is needed (the site's Content-Security-Policy runs none it did not write).
(function () {
  var target = document.getElementById("chart");
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  vegaEmbed(target, read("chart-spec"), read("chart-options")).then(function () {
    window.dispatchEvent(new Event("resize"));  // the page's script looks again at what overflows its box
  }).catch(function (error) {
    target.textContent = "The chart could not be drawn: " + error.message;
    console.error(error);
  });
})();
