/* Preview only (handbook serve): reload the page when the server has built the site again. The page
   carries the build it came from, so a build finished while the page loaded is not missed. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : null;
  var events = new EventSource("/_preview/events");
  events.onmessage = function (event) {
    if (shown === null) { shown = event.data; return; }
    if (event.data !== shown) { events.close(); window.location.reload(); }
  };
})();
