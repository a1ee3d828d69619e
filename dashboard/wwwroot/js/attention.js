// VIPs at risk or lapsed, most valuable first (predicted value, else spend over the last 365 days).

import { byId, el, formatMoney, stageName } from "./dom.js";
import { t } from "./i18n.js";

const value = c => c.predictedClv365 ?? c.spend365 ?? 0;

export async function loadAttention(session, openCustomer) {
  const [atRisk, lapsed] = await Promise.all([
    session.get("/api/v1/customers?vip=true&stage=at_risk&limit=500"),
    session.get("/api/v1/customers?vip=true&stage=lapsed&limit=500"),
  ]);
  const customers = [...(atRisk?.items ?? []), ...(lapsed?.items ?? [])].sort((a, b) => value(b) - value(a)).slice(0, 50);
  const rows = customers.map(c => el("li", { class: `attention-item stage-${c.stage}` },
    el("button", { type: "button", class: "link customer-id", onclick: () => openCustomer(c.customerId) }, c.customerId),
    el("span", { class: "stage" }, stageName(c.stage)),
    el("span", { class: "value", title: t("attention.valueTitle") }, formatMoney(value(c)))));
  byId("attention-list").replaceChildren(...rows);
  byId("attention-empty").hidden = rows.length > 0;
}
