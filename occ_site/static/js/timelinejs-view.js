/* The optional interactive view: hands the timeline's JSON export to TimelineJS,
 * served from this site's static files (no CDN, no web fonts, no analytics). */
(function () {
  "use strict";
  var embed = document.getElementById("timelinejs-embed");
  if (!embed || !window.TL || !window.TL.Timeline) {
    return;
  }
  // Exposed for the browser tests and for anyone scripting the view.
  window.occTimeline = new window.TL.Timeline(embed, embed.getAttribute("data-timeline-url"), {
    script_path: new URL(embed.getAttribute("data-script-path"), window.location.href).href,
    language: embed.getAttribute("data-language") || "en",
    font: null,
    hash_bookmark: false,
    ga_measurement_id: null,
    initial_zoom: 2
  });
})();
