// The customer card: state, cadence, value, advocacy and the timeline of events and transitions, kept live by the
// hub's "customer" messages for the watched customer.

import { byId, describeTransition, el, formatInstant, formatMoney, formatNumber, isTrue, stageName } from "./dom.js";
import { reasonText, t } from "./i18n.js";

const dayMs = 86_400_000;

export class CustomerCard {
  constructor(session, live) {
    this.session = session;
    this.live = live;
    this.customerId = null;
    byId("card-close").addEventListener("click", () => this.close());
    // Erasure (GDPR) is for administrators, and takes a second, explicit step.
    byId("card-erase").hidden = !session.isAdmin;
    byId("card-erase-start").addEventListener("click", () => this.confirmErase(true));
    byId("card-erase-no").addEventListener("click", () => this.confirmErase(false));
    byId("card-erase-yes").addEventListener("click", () => this.erase().catch(error => {
      byId("card-erase-status").textContent = error.message;
    }));
  }

  confirmErase(asking) {
    byId("card-erase-confirm").hidden = !asking;
    byId("card-erase-start").hidden = asking;
    byId("card-erase-status").textContent = "";
    if (asking) byId("card-erase-no").focus();
  }

  async erase() {
    const id = this.customerId;
    byId("card-erase-confirm").hidden = true;
    byId("card-erase-status").textContent = t("card.erasing", { id });
    await this.session.delete(`/api/v1/customers/${encodeURIComponent(id)}`);
  }

  /** The customer was erased (pushed to every screen of the tenant): an open card of it says so and shows nothing. */
  erased(customerId) {
    if (customerId !== this.customerId) return;
    byId("card-body").hidden = true;
    byId("card-erase-confirm").hidden = true;
    byId("card-erase-start").hidden = true;
    byId("card-error").textContent = t("card.erased", { id: customerId });
  }

  async open(customerId) {
    this.customerId = customerId;
    byId("card").hidden = false;
    this.confirmErase(false);
    byId("card-id").textContent = customerId;
    await this.live.watch(customerId);
    await this.reload();
    byId("card-title").focus?.();
  }

  async close() {
    this.customerId = null;
    byId("card").hidden = true;
    await this.live.watch(null);
  }

  /** Reloads the open card from the API (after opening, reconnecting or a change). */
  async reload() {
    const id = this.customerId;
    if (!id) return;
    const path = `/api/v1/customers/${encodeURIComponent(id)}`;
    const [customer, timeline] = await Promise.all([this.session.get(path), this.session.get(`${path}/timeline?limit=30`)]);
    if (id !== this.customerId) return;
    byId("card-error").textContent = customer ? "" : t("card.notFound", { id });
    byId("card-body").hidden = !customer;
    if (customer) {
      this.render(customer);
      this.renderTimeline(timeline?.items ?? []);
    }
  }

  /** A pushed change of the watched customer: show it at once, then fetch the new timeline entries once the read
   * model has them (it is written behind, within half a second). */
  changed(customer) {
    if (customer.customerId !== this.customerId) return;
    this.render(customer);
    clearTimeout(this.timelineReload);
    this.timelineReload = setTimeout(() => this.reload(), 1000);
  }

  render(c) {
    const stage = byId("card-stage");
    stage.textContent = stageName(c.stage);
    stage.className = `stage stage-${c.stage}`;
    const flags = [isTrue(c.vip) ? "vip" : null, isTrue(c.advocate) ? "advocate" : null, c.unsubscribed ? "unsubscribed" : null]
      .filter(Boolean).map(flag => el("span", { class: `flag flag-${flag}` }, t(`flag.${flag}`)));
    byId("card-flags").replaceChildren(...flags);
    const overdueDays = c.nextOrderExpectedAt && c.updatedAt
      ? (new Date(c.updatedAt) - new Date(c.nextOrderExpectedAt)) / dayMs : null;
    const facts = [
      ["orders", c.orders],
      ["netSpend", formatMoney(c.netSpend)],
      ["spend365", formatMoney(c.spend365)],
      ["aov", formatMoney(c.aov)],
      ["lastOrder", formatInstant(c.lastOrderAt)],
      ["expectedEvery", c.expectedGapDays ? t("fact.days", { days: formatNumber(c.expectedGapDays, 1) }) : "–"],
      ["nextOrder", formatInstant(c.nextOrderExpectedAt)],
      ["overdue", overdueDays !== null && overdueDays > 0 ? formatNumber(overdueDays, 1) : t("fact.notOverdue")],
      ["lapsesAt", formatInstant(c.lapseAt)],
      ["engagement", `${formatNumber(c.engagementScore, 1)} (${c.temperature ? t(`temperature.${c.temperature}`) : "–"})`],
      ["pAlive", c.pAlive === null || c.pAlive === undefined ? "–" : formatNumber(c.pAlive, 2)],
      ["expectedOrders", formatNumber(c.expectedOrders90d, 2)],
      ["clv", formatMoney(c.predictedClv365)],
      ["advocacyPoints", formatNumber(c.advocacyPoints)],
      ["updated", formatInstant(c.updatedAt)],
    ];
    byId("card-facts").replaceChildren(...facts.flatMap(([name, value]) =>
      [el("dt", {}, t(`fact.${name}`)), el("dd", { "data-fact": name }, value ?? "–")]));
  }

  renderTimeline(items) {
    const rows = items.map(item => item.kind === "transition"
      ? el("li", { class: "timeline-transition" },
        el("time", { datetime: item.at }, formatInstant(item.at)),
        el("strong", {}, describeTransition(item.transition)),
        el("span", { class: "reason" }, reasonText(item.transition)))
      : el("li", { class: "timeline-event" },
        el("time", { datetime: item.at }, formatInstant(item.at)),
        el("span", {}, item.event.type === "history_summary"
          ? t("event.history_summary", { events: formatNumber(item.event.data?.events), before: formatInstant(item.event.data?.before) })
          : t(`event.${item.event.type}`)),
        item.event.data?.amount !== undefined ? el("span", { class: "amount" }, formatMoney(item.event.data.amount)) : null));
    byId("card-timeline").replaceChildren(...rows);
  }
}
