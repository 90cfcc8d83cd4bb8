// A table wider than its box scrolls sideways; on a phone that is easy to miss, so such a box gets a line above it
// that says so, and a border on the side where more columns wait. Checked again when the window changes size.
(function () {
  function mark() {
    document.querySelectorAll(".scroll, .table-wrapper").forEach(function (box) {
      var overflowing = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("overflowing", overflowing);
      var cue = box.previousElementSibling;
      var hasCue = cue && cue.classList.contains("scroll-cue");
      if (overflowing && !hasCue) {
        cue = document.createElement("p");
        cue.className = "scroll-cue";
        cue.textContent = "Scroll sideways for more columns →";
        box.parentNode.insertBefore(cue, box);
      } else if (!overflowing && hasCue) {
        cue.remove();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark); else mark();
  window.addEventListener("resize", mark);
})();
