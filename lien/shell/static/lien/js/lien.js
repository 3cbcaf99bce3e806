// Lien: small progressive enhancements. Every page works without JavaScript.
(function () {
  "use strict";

  // Commune fields: suggestions from the communes referential, in a native <datalist>.
  function enhanceCommuneField(input) {
    var url = input.getAttribute("data-commune-autocomplete");
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    var timer = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery || query.indexOf("(") !== -1) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastQuery = query;
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience: typing a code still works */ });
      }, 200);
    });
  }

  document.querySelectorAll("input[data-commune-autocomplete]").forEach(enhanceCommuneField);
})();
