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

  // Signature pad: the strokes, in a box of 600 × 200, written as JSON into the hidden field the
  // server reads (lien/lib/signature.py); the server draws the picture back from the numbers.
  function enhanceSignaturePad(target) {
    var input = document.getElementById(target.getAttribute("data-signature-target"));
    if (!input) return;
    var WIDTH = 600, HEIGHT = 200;
    var canvas = document.createElement("canvas");
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", target.getAttribute("data-canvas-label"));
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = target.getAttribute("data-clear-label");
    target.replaceChildren(canvas, clear);
    var context = canvas.getContext("2d");
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    var strokes = [];
    var current = null;

    function point(event) {
      var box = canvas.getBoundingClientRect();
      var x = Math.round(((event.clientX - box.left) / box.width) * WIDTH);
      var y = Math.round(((event.clientY - box.top) / box.height) * HEIGHT);
      return [Math.min(WIDTH, Math.max(0, x)), Math.min(HEIGHT, Math.max(0, y))];
    }
    function save() { input.value = strokes.length ? JSON.stringify(strokes) : ""; }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      current = [point(event)];
      strokes.push(current);
      context.beginPath();
      context.moveTo(current[0][0], current[0][1]);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) return;
      var next = point(event);
      var last = current[current.length - 1];
      if (next[0] === last[0] && next[1] === last[1]) return;
      current.push(next);
      context.lineTo(next[0], next[1]);
      context.stroke();
    });
    function end() { if (current) { current = null; save(); } }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    clear.addEventListener("click", function () {
      strokes = [];
      current = null;
      context.clearRect(0, 0, WIDTH, HEIGHT);
      save();
    });
  }

  document.querySelectorAll("[data-signature-target]").forEach(enhanceSignaturePad);
})();
