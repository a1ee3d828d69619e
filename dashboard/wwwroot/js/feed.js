// The live transition feed: newest first, at most 200 kept, filtered by lapsed / VIP / advocate / all.

import { byId, describeTransition, el, formatInstant, isHeadline } from "./dom.js";
import { reasonText, t } from "./i18n.js";

const capacity = 200;

const filters = {
  all: () => true,
  lapsed: t => t.kind === "stage" && t.to === "lapsed",
  vip: t => t.kind === "vip",
  advocate: t => t.kind === "advocate",
};

export class TransitionFeed {
  constructor(openCustomer) {
    this.openCustomer = openCustomer;
    this.items = [];
    this.filter = "all";
    for (const radio of document.querySelectorAll("input[name=feed-filter]")) {
      radio.addEventListener("change", () => {
        this.filter = radio.value;
        this.render();
      });
    }
  }

  add(transition) {
    this.items.unshift(transition);
    if (this.items.length > capacity) this.items.length = capacity;
    if (filters[this.filter](transition)) {
      const list = byId("feed-list");
      list.prepend(this.row(transition));
      while (list.childElementCount > capacity) list.lastElementChild.remove();
      byId("feed-empty").hidden = true;
    }
  }

  /** An erased customer leaves the feed. */
  drop(customerId) {
    this.items = this.items.filter(t => t.customerId !== customerId);
    this.render();
  }

  render() {
    const rows = this.items.filter(filters[this.filter]).map(t => this.row(t));
    byId("feed-list").replaceChildren(...rows);
    byId("feed-empty").hidden = rows.length > 0;
  }

  row(transition) {
    const headline = isHeadline(transition);
    return el("li", { class: headline ? "feed-item headline" : "feed-item", "data-kind": transition.kind, "data-to": String(transition.to) },
      el("div", { class: "line" },
        el("button", { type: "button", class: "link customer-id", onclick: () => this.openCustomer(transition.customerId) }, transition.customerId),
        el("span", { class: "what" }, describeTransition(transition)),
        headline ? el("span", { class: "visually-hidden" }, t("feed.headline")) : null),
      el("time", { datetime: transition.at }, formatInstant(transition.at)),
      el("span", { class: "reason" }, reasonText(transition)));
  }
}
