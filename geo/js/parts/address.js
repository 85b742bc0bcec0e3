/* The address (the static site): the page shows what its link asks for (StoryLink.decode: the app's rules and
   notices) and keeps the address in step as the reader moves (history.replaceState, debounced), so a copied
   link reopens the same view. It comes first in its mode: the link decides the date and layers the other parts
   start from. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.address = function (story) {
  "use strict";
  var MAX_NOTICE = 600;  /* characters of one notice on screen */
  var URL_DELAY = 300;  /* ms after the last change before the address bar is rewritten */
  var el = window.StoryMap.el, clock = story.clock, site = story.payload.site, timer = null;
  var decoded = window.StoryLink.decode(window.location.search, site, clock.dates());
  var asked = decoded.state;
  clock.setLayers(asked.layers, {quiet: true});
  clock.go(clock.dates().indexOf(asked.date));  /* before any part listens: nothing is drawn yet */

  function noticeBox(notices) {
    var box = el("div", "story-notices");
    box.setAttribute("role", "status");
    notices.forEach(function (text) {
      box.appendChild(el("div", "story-notice", text.length > MAX_NOTICE ? text.slice(0, MAX_NOTICE - 1) + "…" : text));
    });
    document.body.appendChild(box);
  }

  function write() {
    var state = {date: clock.date(), layers: clock.layersOn(), basemap: story.parts.basemap.current(),
                 view: story.parts.framing.view()};
    var query = window.StoryLink.encode(state, site, window.location.search);
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + query + window.location.hash);
    } catch (err) { /* an address that cannot change (some file: pages) keeps the old one */ }
  }

  clock.on("input", function () {
    clearTimeout(timer);
    timer = setTimeout(write, URL_DELAY);
  });

  return {
    ready: function () {
      story.parts.basemap.set(asked.basemap);
      if (decoded.notices.length) noticeBox(decoded.notices);
      if (asked.view) story.parts.framing.hold(asked.view);
    }
  };
};
