/* The basemap: tiles of the chosen basemap under the features, or none. The app, a link or the switcher picks it. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.basemap = function (story) {
  "use strict";
  var map = story.map, basemaps = story.basemaps || {}, tiles = null, current = null;
  return {
    current: function () { return current; },
    set: function (id) {
      if (current === id && (tiles || !(basemaps[id] && basemaps[id].url))) return;
      if (tiles) map.removeLayer(tiles);
      tiles = null;
      var basemap = basemaps[id];
      if (basemap && basemap.url) {
        tiles = L.tileLayer(basemap.url, {attribution: basemap.attribution, maxZoom: basemap.maxZoom || 18}).addTo(map);
        tiles.bringToBack();
      }
      current = id;
    }
  };
};
