/* The app bridge (inside Streamlit): the app shows the card and owns the layer toggles. The map tells it the date
   and view after a pause (one rerun per pause updates the card and the address) and takes layers and basemap from
   each rerun (sync). The link's date and view apply on the first sync only, so a rerun that merely echoes the
   reader's own step never pulls the slider back while they keep moving it. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.appBridge = function (story) {
  "use strict";
  var REPORT_DELAY = 350;  /* ms after the last step before the app is told (one server rerun per pause) */
  var map = story.map, clock = story.clock, timer = null, seq = 0;
  var applied = {date: false, view: false};

  try {  /* the app's frame is titled after its component: give it the map's name instead */
    if (window.frameElement) {
      window.frameElement.setAttribute("title", story.mapName);
      window.frameElement.setAttribute("data-story-map", story.payload.lang || "");  /* found in any language */
    }
  } catch (err) { /* a frame of another origin keeps its title */ }
  /* on a touch screen one finger scrolls the page and two move the map (leaflet-gesture-handling) */
  if (L.Browser.mobile && map.gestureHandling) map.gestureHandling.enable();

  function report() {
    if (!window.Streamlit) return;
    seq += 1;
    window.Streamlit.setComponentValue({date: clock.date(), view: story.parts.framing.view(), seq: seq});
  }
  clock.on("input", function () {
    clearTimeout(timer);
    timer = setTimeout(report, REPORT_DELAY);
  });

  return {
    sync: function (wanted) {
      clock.setLayers(wanted.layers || [], {quiet: true});
      story.parts.basemap.set(wanted.basemap);
      if (wanted.view && !applied.view) {
        applied.view = true;
        story.parts.framing.hold(wanted.view);
      }
      var index = clock.index();
      if (!applied.date) {
        applied.date = true;
        index = Math.max(0, clock.dates().indexOf(wanted.date));
      }
      clock.go(index);
    }
  };
};
