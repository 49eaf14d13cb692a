// Link the record panels to the highlighted evidence in the article text.
// Plain script, no dependencies: the pages must work offline.
(function () {
  "use strict";
  const text = document.getElementById("doc-text");
  if (!text) return;

  function cssId(id) {
    return window.CSS && CSS.escape ? CSS.escape(id) : id.replace(/["\\]/g, "\\$&");
  }

  function clearFocus() {
    document.querySelectorAll(".hl-focus").forEach((el) => el.classList.remove("hl-focus"));
    document.querySelectorAll(".rec.active").forEach((el) => el.classList.remove("active"));
  }

  // Scroll to the first piece of a record's evidence and flash every piece of it.
  function focusRecord(id) {
    const marks = text.querySelectorAll('.hl[data-id="' + cssId(id) + '"]');
    const card = document.querySelector('.rec[data-target="' + cssId(id) + '"]');
    clearFocus();
    if (card) card.classList.add("active");
    if (!marks.length) return false;
    marks.forEach((el) => {
      el.classList.remove("hl-focus");
      void el.offsetWidth; // restart the flash animation on a repeat click
      el.classList.add("hl-focus");
    });
    marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
    return true;
  }

  document.querySelectorAll(".rec[data-target]").forEach((card) => {
    const go = () => focusRecord(card.dataset.target);
    card.addEventListener("click", go);
    card.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); }
    });
  });

  // Clicking highlighted text selects the innermost record and shows its card.
  text.addEventListener("click", (ev) => {
    const mark = ev.target.closest(".hl");
    if (!mark) return;
    focusRecord(mark.dataset.id);
    const card = document.querySelector('.rec[data-target="' + cssId(mark.dataset.id) + '"]');
    if (card) {
      const panel = card.closest("details");
      if (panel) panel.open = true;
      card.scrollIntoView({ behavior: "smooth", block: "nearest" });
    }
  });

  document.querySelectorAll("input[data-toggle]").forEach((box) => {
    box.addEventListener("change", () => {
      text.classList.toggle("hide-" + box.dataset.toggle, !box.checked);
    });
  });

  if (location.hash.length > 1) focusRecord(decodeURIComponent(location.hash.slice(1)));
})();
