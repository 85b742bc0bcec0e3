/* Parts of the story map (see storytime.js): each is a function (story, options) that adds one job to the map and
   returns what other parts may ask of it. `story` holds the map, the payload, the clock and the parts built so far.
   Every string from data is set as text (StoryMap.el), never as HTML. */
window.StoryParts = window.StoryParts || {};

/* The features: every feature of the story drawn once (StoryMap.featureView) and, on each change of the clock,
   added, removed and restyled for its date: highlighted when the date's event is about it, marked when it
   stands behind the lines. */
window.StoryParts.features = function (story) {
  "use strict";
  var map = story.map, payload = story.payload, clock = story.clock;
  var popupOptions = {maxWidth: 300, autoPanPaddingTopLeft: story.popupRoom.topLeft,
                      autoPanPaddingBottomRight: story.popupRoom.bottomRight};
  var groups = payload.layers.map(function (layer) {
    var group = L.featureGroup([], {storyLayer: layer.style.id});
    return clock.isOn(layer.style.id) ? group.addTo(map) : group;
  });
  var views = payload.layers.map(function (layer) {
    return layer.features.map(function (f) { return window.StoryMap.featureView(f, layer.style, popupOptions); });
  });

  function exists(p, day) {
    return (!p.valid_from || p.valid_from <= day) && (!p.valid_to || day <= p.valid_to);
  }

  function on(k) { return clock.isOn(payload.layers[k].style.id); }

  function draw(e) {
    var stop = e.stop, highlight = {};
    stop.events.forEach(function (ev) { ev.features.forEach(function (id) { highlight[id] = true; }); });
    groups.forEach(function (group, k) {  /* the layers the clock has on */
      var wanted = on(k), drawn = map.hasLayer(group);
      if (wanted && !drawn) group.addTo(map);
      if (!wanted && drawn) map.removeLayer(group);
    });
    views.forEach(function (layerViews, k) {
      layerViews.forEach(function (v) {
        var here = exists(v.props, stop.date);
        if (here && !v.shown) groups[k].addLayer(v.group);
        if (here) v.update(highlight[v.id] === true, (stop.status || {})[v.id] || "");
        if (!here && v.shown) { groups[k].removeLayer(v.group); v.release(); }
        v.shown = here;
      });
    });
  }
  clock.on("change", draw);

  function each(visit) {  /* the views of the layers that are on */
    views.forEach(function (layerViews, k) { if (on(k)) layerViews.forEach(function (v) { visit(v, k); }); });
  }

  return {
    present: function (item) {  /* whether a legend row has something on the map now */
      var k = -1;
      payload.layers.forEach(function (layer, j) { if (layer.style.id === item.layer) k = j; });
      if (k < 0 || !on(k)) return false;
      return views[k].some(function (v) {
        if (!v.shown) return false;
        if (item.controller) return v.props.controller === item.controller;
        if (item.state === "behind") return !!v.status;
        return true;
      });
    },
    counts: function () {  /* features on the map per layer that is on, and how many stand behind the lines */
      var perLayer = [], behind = 0;
      payload.layers.forEach(function (layer, k) {
        if (!on(k)) return;
        var n = 0;
        views[k].forEach(function (v) { if (v.shown) { n += 1; if (v.status) behind += 1; } });
        perLayer.push({layer: layer, count: n});
      });
      return {perLayer: perLayer, behind: behind};
    },
    shownIds: function () {
      var ids = [];
      each(function (v) { if (v.shown) ids.push(v.id); });
      return ids;
    },
    eventBounds: function () {  /* the date's highlighted features, far ones left out */
      var bounds = L.latLngBounds([]);
      each(function (v) { if (v.shown && v.highlighted && !v.props.far) bounds.extend(v.group.getBounds()); });
      return bounds;
    },
    farTargets: function () {  /* the far features on the map now, pointed to from the map's edge */
      var out = [];
      each(function (v) {
        if (!v.shown || !v.props.far) return;
        var b = v.group.getBounds();
        if (b.isValid()) out.push({id: v.id, name: v.props.name, latlng: b.getCenter(), highlighted: !!v.highlighted});
      });
      return out;
    }
  };
};
