/* The framing: on every date the map fits the event's features into the part of the map the controls leave
   free, until the reader moves the map (then "Frame the event" brings it back). A link's view is held as it is.
   Features far from the story's ground (payload `far`, geo/render/region.py) are not framed: a date whose event
   joins the ground and a far capital frames the ground, and the capital is pointed to from the map's edge
   (offscreen.js); a date whose event concerns only far features frames the story's overview. Popups stay in the
   same free room. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.framing = function (story) {
  "use strict";
  var MAX_FIT_ZOOM = 9;  /* a point event still shows its surroundings */
  var MAX_SIDE_CONTROLS = 8;  /* controls whose best side the framing tries both ways (2^8 layouts at most) */
  var el = window.StoryMap.el, map = story.map, clock = story.clock, features = story.parts.features;
  var container = map.getContainer(), room = story.popupRoom;
  var locked = false, readerMoved = false, busy = false, view = null;

  function controlSides() {
    /* each control of the map, and the two ways to keep clear of it: below (or above) it, or beside it */
    var box = container.getBoundingClientRect(), found = [];
    container.querySelectorAll(".leaflet-control").forEach(function (node) {
      if (node.hidden || node.offsetParent === null) return;
      var r = node.getBoundingClientRect();
      if (!r.width || !r.height) return;
      var top = r.top - box.top < box.height / 2, left = r.left - box.left < box.width / 2;
      found.push({across: top ? "top" : "bottom", acrossPad: top ? r.bottom - box.top + 8 : box.bottom - r.top + 8,
                  beside: left ? "left" : "right", besidePad: left ? r.right - box.left + 8 : box.right - r.left + 8});
    });
    return {width: box.width, height: box.height, controls: found};
  }

  function padding(bounds) {
    /* The part of the map the controls leave free, as paddings. Each control is kept clear of either across
       the map (the features below a top control, above a bottom one) or beside it; of the ways round them
       all (at most 2^MAX_SIDE_CONTROLS), the one in which `bounds` can be drawn largest wins, the first
       found on a tie (all across). Without bounds, or for popups, every control is kept clear of across. */
    var layout = controlSides();
    var controls = layout.controls.slice(0, MAX_SIDE_CONTROLS);
    var span = null;
    if (bounds) {
      var sw = map.latLngToContainerPoint(bounds.getSouthWest()), ne = map.latLngToContainerPoint(bounds.getNorthEast());
      span = {x: Math.max(ne.x - sw.x, 1), y: Math.max(sw.y - ne.y, 1)};
    }
    var best = null;
    for (var mask = 0; mask < (bounds ? 1 << controls.length : 1); mask++) {
      var pad = {top: 24, bottom: 24, left: 24, right: 24};  /* room for point symbols and their labels */
      controls.forEach(function (c, i) {
        var key = mask & (1 << i) ? c.beside : c.across, value = mask & (1 << i) ? c.besidePad : c.acrossPad;
        pad[key] = Math.max(pad[key], value);
      });
      layout.controls.slice(MAX_SIDE_CONTROLS).forEach(function (c) { pad[c.across] = Math.max(pad[c.across], c.acrossPad); });
      if (mask === 0) {  /* popups, however opened, stay clear of the time bar and the top controls */
        room.bottomRight[1] = pad.bottom;
        room.topLeft[1] = pad.top;
      }
      var w = layout.width - pad.left - pad.right, h = layout.height - pad.top - pad.bottom;
      if (w <= 0 || h <= 0) continue;
      var area = span ? Math.min(w / span.x, h / span.y) : w * h;
      if (!best || area > best.area) best = {area: area, pad: pad};
    }
    return best ? best.pad : {top: 24, bottom: 24, left: 24, right: 24};
  }

  function eventBounds() {
    var bounds = features.eventBounds();
    if (!bounds.isValid() && story.payload.overview) bounds = L.latLngBounds(story.payload.overview);
    return bounds;
  }

  function frame() {
    var bounds = eventBounds();
    if (!bounds.isValid()) return;
    var pad = padding(bounds);
    var options = {paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
                   maxZoom: MAX_FIT_ZOOM, animate: false};
    var size = map.getSize();
    var inner = L.bounds([pad.left, pad.top], [size.x - pad.right, size.y - pad.bottom]);
    var target = Math.min(map.getBoundsZoom(bounds, false, L.point(pad.left + pad.right, pad.top + pad.bottom)),
                          MAX_FIT_ZOOM);
    var sw = map.latLngToContainerPoint(bounds.getSouthWest()), ne = map.latLngToContainerPoint(bounds.getNorthEast());
    var inside = inner.contains(sw) && inner.contains(ne);
    if (inside && map.getZoom() >= target - 1 && map.getZoom() <= target) return;  /* already framed: no jump */
    quietly(function () { map.fitBounds(bounds, options); });
  }

  function quietly(move) {  /* a move of ours, not the reader's */
    busy = true;
    try { move(); } finally { busy = false; }
  }

  function setView(v) {
    quietly(function () { map.setView([v.lat, v.lon], v.zoom, {animate: false, reset: true}); });
  }

  var reframe = L.control({position: story.corner("topleft")});
  reframe.onAdd = function () {
    var b = el("button", "story-reframe leaflet-bar", window.StoryText.t("frame.button"));
    b.type = "button";
    b.title = window.StoryText.t("frame.title");
    b.setAttribute("aria-label", b.title);
    b.hidden = true;
    L.DomEvent.disableClickPropagation(b);
    b.addEventListener("click", function () {
      locked = false;
      readerMoved = false;
      b.hidden = true;
      frame();
      clock.fire("input");
    });
    return b;
  };
  reframe.addTo(map);

  function moved() {  /* the reader panned or zoomed: stop framing, remember the view */
    if (busy) return;
    locked = true;
    readerMoved = true;
    reframe.getContainer().hidden = false;
  }
  map.on("dragstart", moved);
  map.on("zoomstart", moved);
  map.on("resize", function () { if (!locked) frame(); });
  map.on("moveend", function () {
    /* only the reader's own moves change the view a link holds (a resize or Leaflet's pixel grid can nudge
       the centre of a linked view: that is not a new view) */
    if (!locked || !readerMoved) return;
    var c = map.wrapLatLng(map.getCenter());
    view = {lat: c.lat, lon: c.lng, zoom: Math.round(map.getZoom())};
    clock.fire("input");
  });
  if (window.ResizeObserver) {  /* the page may resize the map's frame (a phone layout): keep the event framed */
    var resizing = null;
    new ResizeObserver(function () {
      if (resizing) return;
      resizing = requestAnimationFrame(function () {
        resizing = null;
        map.invalidateSize({pan: false});
        if (!locked) frame();
        else if (!readerMoved && view) setView(view);  /* a linked view stays exactly the link's */
        clock.fire("layout", {why: "resize"});
      });
    }).observe(container);
  }

  map.on("popupopen", function (e) {
    /* a popup taller than the room between the top controls and the time bar scrolls inside that room
       (Leaflet's auto-pan cannot honour both paddings otherwise, and the top one wins) */
    padding();
    var height = Math.max(160, map.getSize().y - room.topLeft[1] - room.bottomRight[1] - 24);
    if (e.popup.options.maxHeight !== height) { e.popup.options.maxHeight = height; e.popup.update(); }
    var content = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-content");
    if (content && content.scrollHeight > content.clientHeight) content.tabIndex = 0;  /* scrolls by keyboard too */
  });

  clock.on("change", function () { if (!locked) frame(); });
  clock.on("layout", function (e) { if (e.why !== "resize" && !locked) frame(); });
  /* printing: the page is laid out anew (A4), so the event is framed again in the printed map */
  window.addEventListener("beforeprint", function () { map.invalidateSize({pan: false}); if (!locked) frame(); });

  return {
    frame: frame,
    eventBounds: eventBounds,
    locked: function () { return locked; },
    view: function () { return locked ? view : null; },  /* the view a link should hold, if the map is not framed */
    hold: function (v) {  /* a link's view: shown as it is, not framed */
      setView(v);
      locked = true;
      view = {lat: v.lat, lon: v.lon, zoom: v.zoom};
      reframe.getContainer().hidden = false;
    }
  };
};
