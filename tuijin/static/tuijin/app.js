// Widgets rendered by Django get Tabler's classes here, so forms stay declared in Python.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.tj-form input, form.tj-form select, form.tj-form textarea").forEach((el) => {
    if (el.type === "checkbox" || el.type === "radio") { el.classList.add("form-check-input"); return; }
    if (el.type === "hidden") return;
    el.classList.add(el.tagName === "SELECT" && !el.multiple ? "form-select" : "form-control");
  });
  // Open the tab named in the URL hash (e.g. after a refused stage move).
  const hash = window.location.hash || document.body.dataset.openTab;
  if (hash && window.bootstrap) {
    const trigger = document.querySelector(`[data-bs-toggle="tab"][href="${hash}"]`);
    if (trigger) window.bootstrap.Tab.getOrCreateInstance(trigger).show();
  }
});
