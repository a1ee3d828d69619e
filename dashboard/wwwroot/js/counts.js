// Live counts per stage and flag, with a bar per stage.

import { byId, el, formatCount, stageName, stages } from "./dom.js";
import { formatNumber } from "./i18n.js";

const formatPercent = share => `${formatNumber(share, 1)} %`;

export function renderCounts(stats) {
  byId("count-customers").textContent = formatCount(stats.customers);
  byId("count-vip").textContent = formatCount(stats.vip);
  byId("count-advocate").textContent = formatCount(stats.advocate);
  byId("count-events").textContent = formatCount(stats.eventsApplied);
  const total = Math.max(1, stats.customers ?? 0);
  const rows = stages.map(stage => {
    const count = stats.stages?.[stage] ?? 0;
    const share = (100 * count) / total;
    // Set through the style property: the page's content security policy refuses style attributes.
    const bar = el("span", { class: `bar stage-${stage}` });
    bar.style.width = `${share.toFixed(1)}%`;
    return el("tr", { "data-stage": stage },
      el("th", { scope: "row" }, stageName(stage)),
      el("td", { class: "count" }, formatCount(count)),
      el("td", { class: "bar-cell" },
        bar,
        el("span", { class: "visually-hidden" }, formatPercent(share))));
  });
  byId("stage-chart").tBodies[0].replaceChildren(...rows);
}
