// Q&A page: open the answer a link points to, and offer "open all / close all".
// Without JavaScript every answer still opens with a tap on its question.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("details.qa-item"));
  if (!items.length) { return; }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }

  function setAll(open) {
    items.forEach(function (item) { item.open = open; });
  }

  var toggles = document.querySelector(".qa-toggle-all");
  if (toggles) {
    toggles.hidden = false;
    toggles.querySelector(".js-qa-open-all").addEventListener("click", function () { setAll(true); });
    toggles.querySelector(".js-qa-close-all").addEventListener("click", function () { setAll(false); });
  }
  // On a wide screen there is room for every answer: open them all.
  if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) { setAll(true); }
  openTarget();
  window.addEventListener("hashchange", openTarget);
})();
