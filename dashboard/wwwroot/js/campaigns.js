// Campaigns for administrators: the list, one campaign's stats and lift, pause and resume, dead letters to retry.

import { byId, el, formatCount, formatInstant, formatMoney, formatNumber } from "./dom.js";

const percent = value => (value === null || value === undefined ? "–" : `${formatNumber(value * 100, 1)} %`);

export class CampaignsView {
  constructor(session, openCustomer, failed) {
    this.session = session;
    this.openCustomer = openCustomer;
    this.failed = failed;
    this.selected = null;
  }

  async load() {
    const list = await this.session.get("/api/v1/campaigns");
    const campaigns = list?.items ?? [];
    byId("campaign-list").replaceChildren(...campaigns.map(c => el("tr", { class: c.id === this.selected ? "selected" : "" },
      el("td", {}, el("button", { type: "button", class: "link", onclick: () => this.select(c.id) }, c.name)),
      el("td", {}, `${c.trigger.kind} → ${c.trigger.to}`),
      el("td", {}, c.action.type === "task" ? `task: ${c.action.title ?? c.name}` : `webhook ${c.action.templateId ?? ""}`),
      el("td", {}, `${c.holdoutPercent} %`),
      el("td", {}, c.paused ? "paused" : "running"))));
    byId("campaigns-empty").hidden = campaigns.length > 0;
    if (this.selected) await this.detail();
  }

  async select(id) {
    this.selected = id;
    await this.load();
  }

  async detail() {
    const id = this.selected;
    const path = `/api/v1/campaigns/${encodeURIComponent(id)}`;
    const [campaign, stats, dead] = await Promise.all([
      this.session.get(path), this.session.get(`${path}/stats`), this.session.get(`${path}/dead-letters`),
    ]);
    if (!campaign || id !== this.selected) return;
    byId("campaign-detail").hidden = false;
    byId("campaign-name").textContent = campaign.name;
    const pause = byId("campaign-pause");
    pause.textContent = campaign.paused ? "Resume" : "Pause";
    pause.onclick = () => this.act(`${path}/${campaign.paused ? "resume" : "pause"}`);
    const facts = [
      ["Entered", formatCount(stats.entered)], ["Sent", formatCount(stats.sent)],
      ["Suppressed", formatCount(stats.suppressed)], ["Held out", formatCount(stats.holdout)],
      ["Converted", formatCount(stats.converted)], ["Converted (held out)", formatCount(stats.convertedHoldout)],
      ["Conversion rate", percent(stats.conversionRate)], ["Held-out conversion rate", percent(stats.holdoutConversionRate)],
      ["Lift", percent(stats.lift)], ["Attributed revenue", formatMoney(stats.attributedRevenue)],
      ["Failed", formatCount(stats.failed)], ["Dead-lettered", formatCount(stats.deadLettered)],
    ];
    byId("campaign-stats").replaceChildren(...facts.flatMap(([name, value]) => [el("dt", {}, name), el("dd", { "data-stat": name }, value)]));
    const letters = dead?.items ?? [];
    byId("dead-letter-list").replaceChildren(...letters.map(d => el("tr", {},
      el("td", {}, el("button", { type: "button", class: "link customer-id", onclick: () => this.openCustomer(d.customerId) }, d.customerId)),
      el("td", {}, `#${d.sequence} · ${formatInstant(d.enteredAt)}`),
      el("td", {}, d.status),
      el("td", {}, String(d.attempts)),
      el("td", {}, d.lastError ?? d.reason ?? ""),
      el("td", {}, el("button", {
        type: "button",
        onclick: () => this.act(`${path}/dead-letters/${encodeURIComponent(d.customerId)}/${d.sequence}/retry`),
      }, "Retry")))));
    byId("dead-letters-empty").hidden = letters.length > 0;
  }

  async act(path) {
    byId("campaign-error").textContent = "";
    try {
      await this.session.post(path);
    } catch (error) {
      byId("campaign-error").textContent = error.message;
      this.failed(error);
    }
    await this.load();
  }
}
