/* Time on the map, for the app, the offline export and the static site. The story's features arrive once with
   their dates (geo/render/payload.py) and the date is applied here, in the browser, so scrubbing the slider
   redraws the map within a frame and costs the server nothing.

   The map is made of parts (parts/*.js), each with one job, around one story clock (parts/clock.js). A mode is
   the list of its parts, in the order they are built and follow the clock:

   - "app": inside Streamlit; the app shows the card and owns the layer toggles (the app bridge).
   - "export": one file; the layers chosen when it was written, the event cards in the time bar.
   - "site": the static edition; every layer and basemap, and the address holds the view (the link codec). */
window.StoryTime = (function () {
  "use strict";

  function core(cards) { return ["features", ["timeBar", {cards: cards}], "legend", "framing", "reading", "marks"]; }
  var MODES = {
    app: ["basemap"].concat(core(false), ["appBridge"]),
    export: core(true),
    site: ["address", "basemap"].concat(core(true), ["switcher"])
  };
  var instances = {};  /* per map: its story (app mode: sync() may arrive before the data) */
  var pending = {};

  var MIRRORED = {topleft: "topright", topright: "topleft", bottomleft: "bottomright", bottomright: "bottomleft"};

  function start(map, payload) {
    var mode = payload.mode || (payload.site ? "site" : "export");
    window.StoryText.use(payload.messages, payload.locale);
    var t = window.StoryText.t, rtl = payload.direction === "rtl";
    var story = {
      map: map, payload: payload, mode: mode, rtl: rtl, direction: rtl ? "rtl" : "ltr",
      corner: function (position) { return rtl ? MIRRORED[position] : position; },  /* controls mirror in RTL */
      mapName: t("map.name", {title: payload.title || t("map.untitled")}),
      basemaps: (payload.site || payload).basemaps,
      clock: new window.StoryClock(payload.stops, payload.layers.map(function (l) { return l.style.id; }),
                                   payload.start || 0),
      popupRoom: {topLeft: [12, 12], bottomRight: [12, 80]},  /* kept in step with the controls by the framing */
      parts: {}
    };
    mirrorLeafletControls(story);
    var names = MODES[mode].map(function (entry) {  /* an entry is a part's name, or [name, options] */
      var name = typeof entry === "string" ? entry : entry[0];
      story.parts[name] = window.StoryParts[name](story, typeof entry === "string" ? {} : entry[1]) || {};
      return name;
    });
    names.forEach(function (name) { if (story.parts[name].ready) story.parts[name].ready(); });
    /* the app links Leaflet's stylesheet, and the map may be drawn before it arrives, its controls not yet in
       place: frame and place again once it has */
    window.StoryMap.afterStylesheets(function () { story.clock.fire("layout", {why: "styles"}); });
    story.clock.go(story.clock.index());

    var controller = controllerOf(story);
    var id = L.stamp(map);
    instances[id] = controller;
    window.storyTime = controller;  /* one map per page: it and its controls, for tests and the benchmarks */
    window.map = window.map || map;
    if (pending[id]) { controller.sync(pending[id]); delete pending[id]; }
    return controller;
  }

  function mirrorLeafletControls(story) {
    /* Leaflet's own controls (zoom, attribution, scale) change sides with the reading direction; the text of
       popups and labels reads in the reader's direction */
    var map = story.map, container = map.getContainer();
    container.setAttribute("lang", story.payload.lang || "en");
    container.classList.toggle("story-rtl", story.rtl);
    if (!story.rtl) return;
    if (map.zoomControl) map.zoomControl.setPosition(story.corner("topleft"));
    if (map.attributionControl) map.attributionControl.setPosition(story.corner("bottomright"));
    var scale = container.querySelector(".leaflet-control-scale");
    if (scale) map._controlCorners[story.corner("bottomleft")].appendChild(scale);
  }

  function controllerOf(story) {
    /* what the page, the tests and the benchmarks may ask of a running map */
    var clock = story.clock, parts = story.parts;
    return {
      story: story,
      show: function (index) { clock.go(index); },
      step: function (delta) { clock.step(delta); },
      play: function () { clock.play(); },
      stop: function () { clock.pause(); },
      sync: function (wanted) { if (parts.appBridge) parts.appBridge.sync(wanted); },
      frame: parts.framing.frame,
      index: function () { return clock.index(); },
      playing: function () { return clock.playing(); },
      locked: parts.framing.locked,
      shown: parts.features.shownIds,  /* ids of the features on the map now */
      eventBounds: parts.framing.eventBounds
    };
  }

  function boot(map, source, options) {
    /* The app's map: the story's features come from a static file (fetched once, cached by the browser), or
       inline when the server could not publish one. */
    function go(payload) {
      var messages = Object.assign({}, options && options.messages, payload.messages);  /* the payload's catalog */
      start(map, Object.assign({}, payload, options, {messages: messages}));
      if (window.performance && performance.mark) performance.mark("story-map-drawn");
      drawn();
    }
    if (source.payload) { go(source.payload); return; }
    fetch(source.url, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(go)
      .catch(function (err) {
        window.StoryText.use(options && options.messages, options && options.locale);
        var box = window.StoryMap.el("div", "story-load-error",
                                     window.StoryText.t("map.load_error", {error: String(err.message || err)}));
        box.setAttribute("role", "alert");
        map.getContainer().appendChild(box);
        drawn();  /* the map says what went wrong: the rest of the page need not wait */
      });
  }

  function drawn() {
    /* The app sends its page map first (app.py): once the first date is on screen (or the map has said why it
       cannot be), the map says so and one rerun brings the rest of the page. It waits for a painted frame and
       an idle moment, so the rest's rendering (the same thread) never holds back the map's first paint. The
       word carries no date, so it never moves the app's state. */
    if (!window.Streamlit) return;
    function tell() { window.Streamlit.setComponentValue({drawn: true, seq: 0}); }
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(tell, {timeout: 500});
        else setTimeout(tell, 0);
      });
    });
  }

  function sync(map, wanted) {
    /* from the app's rerun; kept until the map's data has arrived */
    var id = L.stamp(map);
    if (instances[id]) instances[id].sync(wanted);
    else pending[id] = wanted;
  }

  return {start: start, boot: boot, sync: sync, modes: MODES};
})();
