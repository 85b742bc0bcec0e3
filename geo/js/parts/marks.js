/* Marks over the map: the far places pointed to from the map's edge (offscreen.js) and the permanent labels kept
   apart (labels.js, which keeps them off those edge markers too). Both follow the date and the room on the map. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.marks = function (story) {
  "use strict";
  var map = story.map, clock = story.clock, features = story.parts.features;
  var offscreen = window.StoryOffscreen ? window.StoryOffscreen.watch(map, {targets: features.farTargets})
    : {update: function () {}, refresh: function () {}, nodes: []};
  var labels = window.StoryLabels ? window.StoryLabels.watch(map, {obstacles: offscreen.nodes}) : function () {};

  clock.on("change", function () { offscreen.update(); labels(); });
  clock.on("layout", function (e) {
    if (e.why === "legend") offscreen.update();
    else if (e.why === "styles") { offscreen.refresh(); labels(); }
    else labels();
  });
  return {offscreen: offscreen, labels: labels};
};
