// Tooltips on chart marks, where the browser runs JavaScript. Every value is also in the table
// beside the chart, so the page works without this file. Vega's SVG gives each mark an
// aria-label ("Jaar: 2020; aantal: 331"); hovering or tapping a mark shows that label.
(function () {
  "use strict";
  var tip = null;
  function show(mark, x, y) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "zicht-tooltip";
      tip.setAttribute("role", "status");
      document.body.appendChild(tip);
    }
    tip.textContent = mark.getAttribute("aria-label");
    tip.hidden = false;
    tip.style.left = Math.min(x + 12, window.innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = (y + window.scrollY + 12) + "px";
  }
  function hide() { if (tip) { tip.hidden = true; } }
  document.addEventListener("pointerover", function (event) {
    var mark = event.target.closest && event.target.closest(".zicht-chart [aria-label]");
    if (mark && mark.tagName.toLowerCase() === "path") { show(mark, event.clientX, event.clientY); }
    else { hide(); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
})();
