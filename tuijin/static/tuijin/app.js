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

// 前期手续 timeline: one bar per procedure from application to approval (or today), parallel bars
// showing 并联审批. Data comes from a json_script tag next to the chart element; names are text, so the
// tooltip (which ECharts renders as HTML) escapes them.
function drawTimelines(root) {
  if (!window.echarts) return;
  const text = window.echarts.format.encodeHTML;
  root.querySelectorAll("[data-timeline]").forEach((el) => {
    const items = JSON.parse(document.getElementById(el.dataset.timeline).textContent);
    const day = (iso) => new Date(iso + "T00:00:00").getTime();
    const chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
    chart.setOption({
      grid: { left: 160, right: 40, top: 20, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "category", data: items.map((i) => i.name), inverse: true, axisLabel: { interval: 0 } },
      tooltip: { formatter: (p) => `${text(p.data.name)}<br>${p.data.start} → ${p.data.end}<br>${p.data.label}` },
      series: [{
        type: "custom",
        encode: { x: [1, 2], y: 0 },
        data: items.map((item, index) => ({
          name: item.name, start: item.start, end: item.end,
          label: item.days === null ? "—" : `${item.days} / ${item.limit}`,
          value: [index, day(item.start), day(item.end) + 86400000],
          itemStyle: { color: item.over ? "#d63939" : (item.done ? "#2fb344" : "#206bc4") },
        })),
        renderItem: (params, api) => {
          const start = api.coord([api.value(1), api.value(0)]);
          const end = api.coord([api.value(2), api.value(0)]);
          const height = api.size([0, 1])[1] * 0.5;
          return { type: "rect", shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height },
                   style: api.style() };
        },
      }],
    });
  });
}
document.addEventListener("DOMContentLoaded", () => drawTimelines(document));
// After an outerHTML swap the event's target is the replaced node: look in the whole page.
document.addEventListener("htmx:afterSettle", () => drawTimelines(document));
// A chart drawn inside a hidden tab has no size until the tab is shown.
document.addEventListener("shown.bs.tab", () => {
  document.querySelectorAll("[data-timeline]").forEach((el) => window.echarts?.getInstanceByDom(el)?.resize());
});

// A refused save (400 bad value, 403, 409 someone saved first) answers with the re-rendered part that
// says why: show it, never drop it. A whole page instead of a part (the 403/404 pages, "页面已过期" when
// the security token changed after a new sign-in) would land inside a table row: its words are shown as
// a message instead. A server error shows a plain apology instead of doing nothing.
const APOLOGY = "抱歉，服务器出错，您的操作未能完成。请稍后再试；如仍不行，请联系系统管理员。";

function pageMessage(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const box = doc.querySelector("[data-testid=error-page]");
  const parts = box ? [".empty-title", ".empty-subtitle"].map((s) => box.querySelector(s)?.textContent.trim()) : [];
  return parts.filter(Boolean).join("\n") || doc.title || APOLOGY;
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const { xhr } = event.detail;
  const status = xhr.status;
  if (status >= 400 && status < 500) {
    event.detail.isError = false;
    if (/^\s*(<!doctype|<html)/i.test(xhr.responseText || "")) {
      event.detail.shouldSwap = false;
      showNotice(pageMessage(xhr.responseText));
    } else {
      event.detail.shouldSwap = true;
    }
  } else if (status >= 500) {
    showNotice(APOLOGY);
  }
});

// A refusal that is not about one row or box (an expired page, a lost permission, a server fault) is said
// above the page, where it stays until dismissed; the boxes keep what was typed.
function showNotice(text) {
  const area = document.getElementById("notices");
  const notice = document.createElement("div");
  notice.className = "alert alert-danger alert-dismissible shadow";
  notice.setAttribute("role", "alert");
  notice.dataset.testid = "page-notice";
  notice.style.whiteSpace = "pre-line";
  notice.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close";
  close.setAttribute("aria-label", area.dataset.close);
  close.addEventListener("click", () => notice.remove());
  notice.append(close);
  area.replaceChildren(notice);
}

// 全部报送 counts the drafts; a row saved by htmx sends the new count (progress.views.RowView).
document.addEventListener("tuijin:drafts", (event) => {
  const button = document.querySelector("[data-testid=submit-all]");
  if (button) {
    button.textContent = event.detail.label;
    button.disabled = !event.detail.count;
  }
});
