/* Timeline filter, enhanced: the "Show" links already work as plain links
 * (?kind=building). With JavaScript the filtered timeline is fetched and swapped
 * in without a page reload; the address, the page title, the current link and the
 * status message (a live region) follow, and Back/Forward work. On any failure the
 * browser simply follows the link. */
(function () {
  "use strict";

  var filter = document.querySelector("[data-timeline-filter]");
  var results = document.getElementById("timeline-results");
  var status = document.getElementById("timeline-status");
  if (!filter || !results || !status || !window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }
  var shownSearch = window.location.search;

  function adopt(node) {
    return document.importNode(node, true);
  }

  function show(url, push) {
    results.setAttribute("aria-busy", "true");
    return window
      .fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var freshResults = doc.getElementById("timeline-results");
        var freshStatus = doc.getElementById("timeline-status");
        var freshFilter = doc.querySelector("[data-timeline-filter]");
        if (!freshResults || !freshStatus || !freshFilter) {
          throw new Error("not a timeline page");
        }
        results.replaceChildren.apply(results, Array.prototype.map.call(freshResults.childNodes, adopt));
        filter.querySelectorAll("a[data-kind]").forEach(function (link) {
          var fresh = freshFilter.querySelector('a[data-kind="' + link.getAttribute("data-kind") + '"]');
          if (fresh && fresh.hasAttribute("aria-current")) {
            link.setAttribute("aria-current", fresh.getAttribute("aria-current"));
          } else {
            link.removeAttribute("aria-current");
          }
        });
        status.textContent = freshStatus.textContent;
        document.title = doc.title;
        if (push) {
          window.history.pushState({ timelineFilter: true }, "", url);
        }
        shownSearch = window.location.search;
      })
      .catch(function () {
        window.location.assign(url);
      })
      .finally(function () {
        results.removeAttribute("aria-busy");
      });
  }

  filter.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-kind]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // new tabs and windows get the plain link
    }
    event.preventDefault();
    show(link.href, true);
  });

  window.addEventListener("popstate", function () {
    // Jumps to #year-... anchors also make history entries: only a changed filter needs fetching.
    if (window.location.search !== shownSearch) {
      show(window.location.href, false);
    }
  });
})();
