/* Accession pages, without inline scripts (the CSP forbids them):
   - [data-select-all="name"] checks or clears every checkbox called "name" in its form;
   - [data-germination-form] shows the replicate boxes in use and the result as it is typed
     (the server computes and stores the real result; this is only a preview). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var master = event.target.closest("[data-select-all]");
    if (!master || !master.form) { return; }
    var name = master.getAttribute("data-select-all");
    master.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = master.checked;
    });
  });

  function whole(input) {
    if (!input) { return null; }
    var text = input.value.trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function updateGermination(form) {
    var replicates = whole(form.querySelector("[name=replicates]"));
    var perReplicate = whole(form.querySelector("[name=seeds_per_replicate]"));
    var boxes = form.querySelectorAll("[data-replicate]");
    var normal = 0, filled = 0;
    boxes.forEach(function (box, index) {
      var wrapper = box.closest(".field");
      var used = replicates === null || index < replicates || box.value.trim() !== "";
      if (wrapper) { wrapper.hidden = !used; }
      var count = whole(box);
      if (used && count !== null) { normal += count; filled += 1; }
    });
    var output = form.querySelector("[data-germination-result]");
    if (!output) { return; }
    if (replicates && perReplicate && filled === replicates) {
      var sown = replicates * perReplicate;
      var pct = Math.round(10000 * normal / sown) / 100;
      output.textContent = output.getAttribute("data-template")
        .replace("{pct}", pct.toFixed(2)).replace("{normal}", normal).replace("{sown}", sown);
    } else {
      output.textContent = output.getAttribute("data-waiting");
    }
  }

  document.querySelectorAll("[data-germination-form]").forEach(function (form) {
    form.addEventListener("input", function () { updateGermination(form); });
    updateGermination(form);
  });
})();

/* [data-print] buttons open the browser's print dialog (label sheets). */
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest("[data-print]")) { window.print(); }
});
