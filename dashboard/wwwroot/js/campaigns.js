// Campaigns for administrators: the list, one campaign's stats and lift, pause and resume, dead letters to retry.

import { byId, el, formatCount, formatInstant, formatMoney, formatNumber, stageName } from "./dom.js";
import { t } from "./i18n.js";

/** A trigger in words: "Lapsed" for a stage, "VIP" / "no longer VIP" for a flag. */
const trigger = ({ kind, to }) => (kind === "stage"
  ? stageName(to)
  : t(String(to) === "false" ? "transition.noLonger" : "transition.became", { flag: t(kind === "vip" ? "flag.vip" : "flag.advocate") }));

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
      el("td", { "data-as-written": true }, el("button", { type: "button", class: "link", onclick: () => this.select(c.id) }, c.name)),
      el("td", {}, trigger(c.trigger)),
      el("td", { "data-as-written": true }, c.action.type === "task"
        ? t("campaigns.task", { title: c.action.title ?? c.name })
        : t("campaigns.webhook", { template: c.action.templateId ?? "" })),
      el("td", {}, `${formatNumber(c.holdoutPercent, 0)} %`),
      el("td", {}, t(c.paused ? "campaigns.paused" : "campaigns.running")))));
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
    pause.textContent = t(campaign.paused ? "campaigns.resume" : "campaigns.pause");
    pause.onclick = () => this.act(`${path}/${campaign.paused ? "resume" : "pause"}`);
    const facts = [
      ["entered", formatCount(stats.entered)], ["sent", formatCount(stats.sent)],
      ["suppressed", formatCount(stats.suppressed)], ["holdout", formatCount(stats.holdout)],
      ["converted", formatCount(stats.converted)], ["convertedHoldout", formatCount(stats.convertedHoldout)],
      ["conversionRate", percent(stats.conversionRate)], ["holdoutConversionRate", percent(stats.holdoutConversionRate)],
      ["lift", percent(stats.lift)], ["attributedRevenue", formatMoney(stats.attributedRevenue)],
      ["failed", formatCount(stats.failed)], ["deadLettered", formatCount(stats.deadLettered)],
    ];
    byId("campaign-stats").replaceChildren(...facts.flatMap(([name, value]) => [el("dt", {}, t(`stat.${name}`)), el("dd", { "data-stat": name }, value)]));
    const letters = dead?.items ?? [];
    byId("dead-letter-list").replaceChildren(...letters.map(d => el("tr", {},
      el("td", {}, el("button", { type: "button", class: "link customer-id", onclick: () => this.openCustomer(d.customerId) }, d.customerId)),
      el("td", {}, `#${d.sequence} · ${formatInstant(d.enteredAt)}`),
      el("td", {}, t(`entryStatus.${d.status}`)),
      el("td", {}, String(d.attempts)),
      el("td", { "data-as-written": true }, d.lastError ?? d.reason ?? ""),
      el("td", {}, el("button", {
        type: "button",
        onclick: () => this.act(`${path}/dead-letters/${encodeURIComponent(d.customerId)}/${d.sequence}/retry`),
      }, t("campaigns.retry"))))));
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
