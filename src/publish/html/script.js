// Filters and the language switch. Every row carries its section and the levels that hold
// the power or pay in it; a filter hides what does not match.
(function () {
  "use strict";
  var root = document.documentElement;
  var sectionFilter = document.getElementById("section-filter");
  var levelFilter = document.getElementById("level-filter");
  var language = document.getElementById("language");

  function matches(element) {
    var section = sectionFilter.value;
    var level = levelFilter.value;
    var sectionOk = section === "" || element.getAttribute("data-section") === section;
    var levels = (element.getAttribute("data-levels") || "").split(" ");
    var levelOk = level === "" || levels.indexOf(level) !== -1;
    return sectionOk && levelOk;
  }

  function apply() {
    var filtered = document.querySelectorAll("[data-filtered]");
    for (var i = 0; i < filtered.length; i += 1) {
      filtered[i].classList.toggle("hidden", !matches(filtered[i]));
    }
    var shown = document.querySelectorAll("table.matrix tbody tr:not(.hidden)").length;
    document.getElementById("matrix-count").textContent = String(shown);
  }

  sectionFilter.addEventListener("change", apply);
  levelFilter.addEventListener("change", apply);
  language.addEventListener("click", function () {
    root.setAttribute("data-lang", root.getAttribute("data-lang") === "zh" ? "en" : "zh");
  });
  apply();
})();
