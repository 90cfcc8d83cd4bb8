// A table wider than its box scrolls sideways; on a phone that is easy to miss, so such a box gets a line above it
// that says so, and a border on the side where more columns wait. Checked again when the window changes size.
(function () {
  function mark() {
    document.querySelectorAll(".scroll, .table-wrapper, .chart-frame").forEach(function (box) {
      var overflowing = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("overflowing", overflowing);
      var cue = box.previousElementSibling;
      var hasCue = cue && cue.classList.contains("scroll-cue");
      if (overflowing && !hasCue) {
        cue = document.createElement("p");
        cue.className = "scroll-cue";
        cue.textContent = box.classList.contains("chart-frame") ? "Scroll sideways to see all of the chart →"
          : "Scroll sideways for more columns →";
        box.parentNode.insertBefore(cue, box);
      } else if (!overflowing && hasCue) {
        cue.remove();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark); else mark();
  window.addEventListener("resize", mark);
})();

// A button with data-copy="id" copies the text of the element with that id (the embed snippet of a chart page).
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var text = document.getElementById(button.dataset.copy).textContent;
  var label = button.dataset.label = button.dataset.label || button.textContent;
  var done = function (said) { button.textContent = said; setTimeout(function () { button.textContent = label; }, 2000); };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { done("Copied"); }, function () { done("Select and copy it"); });
  else done("Select and copy it");
});
