// A gentle, non-blocking hint when the central question does not read like a question.
(function () {
  "use strict";
  function looksLikeQuestion(text) {
    var t = text.trim().toLowerCase();
    if (!t) return true;
    return t.indexOf("?") !== -1 || /^(wat|hoe|wie|waar|wanneer|welke|what|how) /.test(t);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.getElementById("id_question");
    var hint = document.getElementById("question-hint");
    if (!field || !hint) return;
    field.addEventListener("blur", function () {
      hint.hidden = looksLikeQuestion(field.value);
    });
  });
})();
