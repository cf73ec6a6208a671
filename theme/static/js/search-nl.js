/*
 * Kamervragen Archief: the Dutch trimmer that keeps digits, registered as "trimmer-nl-digits".
 *
 * lunr-languages' own "trimmer-nl" strips digits from both ends of a word, so "2024Z18439"
 * and "19637" could never be found. The index is built in Python with the same function
 * (plugins/kamervragen_search/nl_pipeline.py); the serialized index names it, and lunr.js
 * looks it up by that name when it loads the index. Load after lunr.js,
 * lunr.stemmer.support.js and lunr.nl.js. Works in a Web Worker and in node (tests).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";
  if (!lunr || !lunr.nl || !lunr.trimmerSupport) {
    throw new Error("search-nl.js needs lunr, lunr.stemmer.support and lunr.nl loaded first");
  }
  var trimmer = lunr.trimmerSupport.generateTrimmer("0-9" + lunr.nl.wordCharacters);
  lunr.Pipeline.registerFunction(trimmer, "trimmer-nl-digits");
  lunr.nlDigits = {
    trimmer: trimmer,
    /* The terms a text produces: the same tokenizer and pipeline the index was built with. */
    tokens: function (text) {
      var pipeline = new lunr.Pipeline();
      pipeline.add(trimmer, lunr.nl.stopWordFilter, lunr.nl.stemmer);
      return pipeline.run(lunr.tokenizer(text)).map(String);
    },
  };
  return lunr;
});
