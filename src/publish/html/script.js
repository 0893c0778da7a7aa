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
    // A level's part: its column of the matrix, and the cases of the tables it has a part in.
    var level = levelFilter.value;
    var columns = document.querySelectorAll("[data-level]");
    for (var j = 0; j < columns.length; j += 1) {
      columns[j].classList.toggle("hidden", level !== "" && columns[j].getAttribute("data-level") !== level);
    }
    var cases = document.querySelectorAll("tr[data-row-levels]");
    for (var k = 0; k < cases.length; k += 1) {
      var caseLevels = cases[k].getAttribute("data-row-levels").split(" ");
      cases[k].classList.toggle("hidden", level !== "" && caseLevels.indexOf(level) === -1);
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
