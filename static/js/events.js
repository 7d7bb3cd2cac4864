// An action's time in the reader's own time zone, where it differs from the action's.
// Without this script the page prints the action's zone and its UTC offset.
(function () {
  "use strict";
  var reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang || undefined;
  function formatted(date, zone) {
    return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(date);
  }
  document.querySelectorAll(".event-reader-time").forEach(function (line) {
    var box = line.parentNode;
    var time = box.querySelector("[data-event-start]");
    var zone = box.querySelector("[data-event-zone]");
    if (!time || !zone) return;
    var start = new Date(time.getAttribute("data-event-start"));
    var here;
    try {
      here = formatted(start, reader);
      if (here === formatted(start, zone.getAttribute("data-event-zone"))) return;
    } catch (error) {
      return; // a zone this browser does not know: the printed offset says enough
    }
    line.textContent = line.getAttribute("data-label") + " " + here + " (" + reader + ")";
    line.hidden = false;
  });
})();
