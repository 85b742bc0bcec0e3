/* The reader's words: every string the map shows that is not story data comes from the language's message
   catalog (geo/locales/<lang>.json, the same file Python reads), given to the map in its payload. `t` fills a
   message's {placeholders} with text; `compose` builds it as DOM nodes, so a placeholder can be a node (a name in
   bold) wherever the language puts it. Numbers are written with the locale's digits (Intl, CLDR). Nothing here
   parses HTML. */
window.StoryText = (function () {
  "use strict";

  var messages = {}, locale = "en", numbers = null;
  var PLACEHOLDER = /\{(\w+)\}/g;

  function use(catalog, bcp47) {
    messages = catalog || {};
    locale = bcp47 || "en";
    numbers = null;
  }

  function template(key) {
    /* a key missing from the catalog shows as itself: visible, and caught by the catalog tests */
    return Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  }

  function t(key, values) {
    return template(key).replace(PLACEHOLDER, function (all, name) {
      return values && values[name] !== undefined && values[name] !== null ? String(values[name]) : all;
    });
  }

  function compose(key, values) {
    var text = template(key), out = document.createDocumentFragment(), last = 0;
    text.replace(PLACEHOLDER, function (all, name, at) {
      out.appendChild(document.createTextNode(text.slice(last, at)));
      var value = values ? values[name] : undefined;
      out.appendChild(value && value.nodeType ? value : document.createTextNode(value === undefined ? all : String(value)));
      last = at + all.length;
      return all;
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function number(value) {
    if (!numbers) {
      try { numbers = new Intl.NumberFormat(locale, {maximumFractionDigits: 0}); }
      catch (err) { numbers = new Intl.NumberFormat("en", {maximumFractionDigits: 0}); }
    }
    return numbers.format(value);
  }

  function list(items, separator) { return items.join(t(separator || "list.comma")); }

  return {use: use, t: t, compose: compose, number: number, list: list, locale: function () { return locale; }};
})();
