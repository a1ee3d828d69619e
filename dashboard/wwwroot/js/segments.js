// The Segments view: the customer list filtered by stage, flags, temperature, spend, pAlive and last order, paged,
// and the same filtered set downloaded as CSV (GET /api/v1/customers/export.csv, contract §6, Segments).

import { byId, el, formatInstant, formatMoney, formatNumber, stageName, stages } from "./dom.js";
import { t as translate } from "./i18n.js";
import { SessionExpired } from "./session.js";

// Every text of this view comes from the screen's catalogues (keys segment.*), in the language chosen at the time of use.
const t = key => translate(`segment.${key}`);
const pageSize = 50;

export class SegmentsView {
  constructor(session, openCustomer, failed) {
    this.session = session;
    this.openCustomer = openCustomer;
    this.failed = failed;
    this.cursors = [null];
    this.built = false;
  }

  /** After a change of language: built again, keeping the filters, the next time it is shown (now if it is open). */
  relabel() {
    if (!this.built) return;
    const filters = this.query();
    this.built = false;
    if (byId("segments").hidden) return;
    this.build();
    this.restore(filters);
    this.show(this.index ?? 0).catch(this.failed);
  }

  /** Puts filters read by query() back into the form. */
  restore(filters) {
    const form = byId("segment-form");
    for (const [name, value] of filters) {
      for (const control of form.querySelectorAll(`[name="${name}"]`)) {
        if (control.type === "checkbox") control.checked ||= control.value === value;
        else control.value = value;
      }
    }
  }

  async load() {
    if (!this.built) this.build();
    await this.show(this.cursors.length - 1);
  }

  build() {
    this.built = true;
    const select = (name, options) =>
      el("select", { id: `segment-${name}`, name }, ...options.map(([value, text]) => el("option", { value }, t(text))));
    const field = (name, control) => el("div", { class: "segment-field" }, el("label", { for: `segment-${name}` }, t(name)), control);
    const number = (name, attributes) => el("input", { id: `segment-${name}`, name, type: "number", inputmode: "decimal", ...attributes });
    const form = el("form", { id: "segment-form", class: "segment-filters" },
      el("fieldset", { class: "segment-stages" },
        el("legend", {}, t("stage")),
        ...stages.map(stage => el("label", {}, el("input", { type: "checkbox", name: "stage", value: stage }), ` ${stageName(stage)}`))),
      field("vip", select("vip", [["", "any"], ["true", "yes"], ["false", "no"]])),
      field("advocate", select("advocate", [["", "any"], ["true", "yes"], ["false", "no"]])),
      field("temperature", select("temperature", [["", "any"], ["hot", "hot"], ["warm", "warm"], ["cold", "cold"]])),
      field("minSpend", number("minSpend", { min: "0", step: "0.01" })),
      field("maxSpend", number("maxSpend", { min: "0", step: "0.01" })),
      field("pAliveBelow", number("pAliveBelow", { min: "0", max: "1", step: "0.01" })),
      field("lastOrderAfter", el("input", { id: "segment-lastOrderAfter", name: "lastOrderAfter", type: "date" })),
      field("lastOrderBefore", el("input", { id: "segment-lastOrderBefore", name: "lastOrderBefore", type: "date" })),
      el("div", { class: "segment-actions" },
        el("button", { type: "submit" }, t("apply")),
        el("button", { type: "reset", class: "quiet" }, t("reset")),
        el("button", { type: "button", id: "segment-download", onclick: () => this.download() }, t("download"))));
    form.addEventListener("submit", event => {
      event.preventDefault();
      this.cursors = [null];
      this.show(0).catch(this.failed);
    });
    form.addEventListener("reset", () => setTimeout(() => {
      this.cursors = [null];
      this.show(0).catch(this.failed);
    }));
    const head = ["customer", "stage", "flags", "temperature", "netSpend", "pAlive", "lastOrder"]
      .map(key => el("th", { scope: "col" }, t(key)));
    byId("segments").replaceChildren(el("section", { class: "panel" },
      el("h2", { id: "segments-title" }, t("title")),
      el("p", { class: "muted" }, t("intro")),
      form,
      el("p", { id: "segment-error", class: "error", role: "alert" }),
      el("p", { id: "segment-status", class: "muted", role: "status", "aria-live": "polite" }),
      el("table", { class: "list", id: "segment-table" },
        el("caption", { class: "visually-hidden" }, t("listCaption")),
        el("thead", {}, el("tr", {}, ...head)),
        el("tbody", { id: "segment-list" })),
      el("p", { id: "segment-empty", class: "muted", hidden: true }, t("empty")),
      el("nav", { class: "segment-pages", "aria-label": t("page") },
        el("button", { type: "button", id: "segment-previous", class: "quiet", onclick: () => this.show(this.index - 1).catch(this.failed) }, t("previous")),
        el("span", { id: "segment-page" }),
        el("button", { type: "button", id: "segment-next", class: "quiet", onclick: () => this.show(this.index + 1).catch(this.failed) }, t("next")))));
  }

  /** The filters as a query string, the same for the list and the download. */
  query() {
    const data = new FormData(byId("segment-form"));
    const params = new URLSearchParams();
    for (const [name, value] of data) {
      if (String(value).trim() !== "") params.append(name, String(value).trim());
    }
    return params;
  }

  async show(index) {
    byId("segment-error").textContent = "";
    const params = this.query();
    params.set("limit", String(pageSize));
    if (this.cursors[index]) params.set("cursor", this.cursors[index]);
    let page;
    try {
      page = await this.session.get(`/api/v1/customers?${params}`);
    } catch (error) {
      if (error instanceof SessionExpired) throw error;
      byId("segment-error").textContent = error.message;
      return;
    }
    this.index = index;
    this.cursors.length = index + 1;
    if (page.nextCursor) this.cursors.push(page.nextCursor);
    byId("segment-list").replaceChildren(...page.items.map(c => this.row(c)));
    byId("segment-empty").hidden = page.items.length > 0;
    byId("segment-page").textContent = `${t("page")} ${index + 1}`;
    byId("segment-previous").disabled = index === 0;
    byId("segment-next").disabled = !page.nextCursor;
  }

  row(c) {
    const flags = [c.vip ? t("vip") : null, c.advocate ? t("advocate") : null].filter(Boolean).join(", ");
    return el("tr", { "data-customer": c.customerId },
      el("td", {}, el("button", { type: "button", class: "link customer-id", onclick: () => this.openCustomer(c.customerId) }, c.customerId)),
      el("td", {}, stageName(c.stage)),
      el("td", {}, flags || "–"),
      el("td", {}, c.temperature ? t(c.temperature) : "–"),
      el("td", {}, formatMoney(c.netSpend)),
      el("td", {}, formatNumber(c.pAlive, 2)),
      el("td", {}, formatInstant(c.lastOrderAt)));
  }

  /** Downloads the filtered set: the token goes in a header, so the file is fetched and then handed to the browser. */
  async download() {
    byId("segment-error").textContent = "";
    byId("segment-status").textContent = t("downloading");
    const button = byId("segment-download");
    button.disabled = true;
    try {
      const response = await fetch(`/api/v1/customers/export.csv?${this.query()}`, {
        headers: { Authorization: `Bearer ${this.session.token}` },
      });
      if (response.status === 401) throw new SessionExpired();
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail ?? `export: ${response.status}`);
      }
      const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "customers.csv";
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      if (error instanceof SessionExpired) this.failed(error);
      else byId("segment-error").textContent = error.message;
    } finally {
      byId("segment-status").textContent = "";
      button.disabled = false;
    }
  }
}
