/* The legend: the rows of the story's layer kinds (payload.legend, from geo/kinds.py), showing only what is on the
   map on this date. It starts folded on a phone; folding it changes the room the framing has ("layout"). */
window.StoryParts = window.StoryParts || {};

window.StoryParts.legend = function (story) {
  "use strict";
  var map = story.map, clock = story.clock, features = story.parts.features;
  var legend = window.StoryMap.legend(story.payload.legend || [], map.getSize().x < 480, story.corner("topright"));
  legend.onFold = function () { clock.fire("layout", {why: "legend"}); };
  legend.addTo(map);
  clock.on("change", function () { legend.show(features.present); });
  return {control: legend};
};
