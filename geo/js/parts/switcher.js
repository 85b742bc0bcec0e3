/* The layer switcher (the static site): a layer toggle per layer, with its swatch, and the basemap choice. Open on a
   wide screen, folded on a phone. Every label is set as text. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.switcher = function (story) {
  "use strict";
  var el = window.StoryMap.el, map = story.map, clock = story.clock, payload = story.payload;
  var site = payload.site, basemap = story.parts.basemap;
  var box = L.control({position: story.corner("bottomright")});
  box.onAdd = function () {
    var root = el("details", "story-switch leaflet-bar");
    root.dir = story.direction;
    root.open = map.getSize().x >= 600;
    root.appendChild(el("summary", null, window.StoryText.t("switch.layers")));
    payload.layers.forEach(function (layer) {
      var label = el("label", "story-switch-row");
      var input = el("input", "story-switch-layer");
      input.type = "checkbox";
      input.value = layer.style.id;
      input.checked = clock.isOn(layer.style.id);
      input.addEventListener("change", function () {
        var ids = clock.layersOn().filter(function (id) { return id !== layer.style.id; });
        if (input.checked) ids.push(layer.style.id);
        clock.setLayers(ids, {byReader: true});
      });
      var swatch = el("span", "story-swatch story-swatch-" + layer.style.kind);
      swatch.style.background = layer.style.color;
      swatch.setAttribute("aria-hidden", "true");
      label.appendChild(input);
      label.appendChild(swatch);
      label.appendChild(el("span", null, layer.title || layer.style.id));
      root.appendChild(label);
    });
    root.appendChild(el("strong", null, window.StoryText.t("switch.basemap")));
    site.basemapIds.forEach(function (id) {
      var label = el("label", "story-switch-row");
      var input = el("input", "story-switch-basemap");
      input.type = "radio";
      input.name = "story-basemap";
      input.value = id;
      input.checked = id === basemap.current();
      input.addEventListener("change", function () { if (input.checked) { basemap.set(id); clock.fire("input"); } });
      label.appendChild(input);
      label.appendChild(el("span", null, site.basemaps[id].title));
      root.appendChild(label);
    });
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);
    return root;
  };
  return {
    ready: function () { box.addTo(map); }  /* after the link's basemap is set, so its radio starts checked */
  };
};
