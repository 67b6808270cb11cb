// Widgets rendered by Django get Tabler's classes here, so forms stay declared in Python.
function styleForms(root) {
  root.querySelectorAll("form.tj-form input, form.tj-form select, form.tj-form textarea").forEach((el) => {
    if (el.type === "checkbox" || el.type === "radio") { el.classList.add("form-check-input"); return; }
    if (el.type === "hidden" || el.classList.contains("form-control") || el.classList.contains("form-select")) return;
    el.classList.add(el.tagName === "SELECT" && !el.multiple ? "form-select" : "form-control");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  styleForms(document);
  // Open the tab named in the URL hash.
  const hash = window.location.hash;
  if (hash && window.bootstrap) {
    const trigger = document.querySelector(`[data-bs-toggle="tab"][href="${hash}"]`);
    if (trigger) window.bootstrap.Tab.getOrCreateInstance(trigger).show();
  }
});

// Content swapped in by htmx (a saved row, a tab) is styled the same way.
document.addEventListener("htmx:afterSwap", (event) => styleForms(event.detail.target));
