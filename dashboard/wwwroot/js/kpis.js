// The KPI view: the tenant's figures per period as charts (Chart.js, bundled from npm) and the cohort triangle as a
// heat map, refreshed while the view is open and soon after transitions arrive.

import { byId, el, stageName, stages } from "./dom.js";
import { currentCurrency, currentLocale, t } from "./i18n.js";

// Every text of this view, from the screen's catalogues (keys kpi.*), in the language chosen at the time of use.
export const kpiTexts = new Proxy({}, {
  get: (_, name) => (name === "cohortAfter" ? n => t("kpi.cohortAfter", { n }) : t(`kpi.${String(name)}`)),
});

const palette = {
  enteredLapsed: "--lapsed", reactivated: "--repeat", newVip: "--accent", newAdvocate: "--at_risk",
  retentionRate: "--repeat", churnRate: "--lapsed", crr: "--accent", aov: "--accent", purchaseFrequency: "--at_risk", npsLine: "--one_time",
};

const cssColor = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#666";

export class KpiView {
  #session;
  #failed;
  #charts = new Map();
  #timer = null;
  #soon = null;
  #interval = "month";
  #loads = 0;

  constructor(session, failed) {
    this.#session = session;
    this.#failed = failed;
    byId("kpi-interval").onchange = event => {
      this.#interval = event.target.value;
      this.load().catch(failed);
    };
  }

  /** Loads now and every 30 s while the view is open. */
  open() {
    this.close();
    this.load().catch(this.#failed);
    this.#timer = setInterval(() => this.load().catch(this.#failed), 30_000);
  }

  close() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  /** A transition arrived: reload within two seconds if the view is open (many transitions, one reload). */
  changed() {
    if (this.#timer === null || this.#soon !== null) return;
    this.#soon = setTimeout(() => {
      this.#soon = null;
      this.load().catch(this.#failed);
    }, 2000);
  }

  /**
   * Loads the figures and draws them, unless a newer load started meanwhile (its answer is the one to show). While the
   * server says customers are still pending in the KPI store, it loads again soon, as after a transition.
   */
  async load() {
    const ticket = ++this.#loads;
    const [kpis, cohorts] = await Promise.all([
      this.#session.get(`/api/v1/kpis?interval=${encodeURIComponent(this.#interval)}`),
      this.#session.get("/api/v1/cohorts"),
    ]);
    if (ticket !== this.#loads) return;
    if (kpis) this.#render(kpis.periods);
    if (cohorts) this.#renderCohorts(cohorts.cohorts);
    if ((kpis?.pending ?? 0) > 0 || (cohorts?.pending ?? 0) > 0) this.changed();
  }

  #render(periods) {
    const labels = periods.map(p => this.#periodLabel(p.period));
    const number = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(currentLocale(), { style: "percent", maximumFractionDigits: 1 });
    const money = new Intl.NumberFormat(currentLocale(), { style: "currency", currency: currentCurrency() });
    byId("kpi-empty").hidden = periods.some(p => p.orders > 0);

    this.#chart("kpi-stage-mix", "line", labels, stages.map(stage => ({
      label: stageName(stage), data: periods.map(p => p.stages[stage] ?? 0), fill: true, color: cssColor(`--${stage}`),
    })), { stacked: true, integer: true, format: v => number.format(v) });
    this.#chart("kpi-changes", "bar", labels, ["enteredLapsed", "reactivated", "newVip", "newAdvocate"].map(key => ({
      label: kpiTexts[key], data: periods.map(p => p[key]), color: cssColor(palette[key]),
    })), { integer: true, format: v => number.format(v) });
    this.#chart("kpi-rates", "line", labels, ["retentionRate", "churnRate", "crr"].map(key => ({
      label: kpiTexts[key], data: periods.map(p => p[key]), color: cssColor(palette[key]),
    })), { format: v => percent.format(v) });
    this.#chart("kpi-orders", "line", labels, [
      { label: kpiTexts.aov, data: periods.map(p => p.aov), color: cssColor(palette.aov), format: v => money.format(v) },
      { label: kpiTexts.purchaseFrequency, data: periods.map(p => p.purchaseFrequency), color: cssColor(palette.purchaseFrequency), axis: "y2" },
    ], { format: v => number.format(v), secondAxis: true });
    this.#chart("kpi-nps", "line", labels, [
      { label: kpiTexts.npsLine, data: periods.map(p => p.nps), color: cssColor(palette.npsLine) },
    ], { format: v => number.format(v) });
  }

  #periodLabel(date) {
    const at = new Date(`${date}T00:00:00Z`);
    const options = this.#interval === "month" ? { month: "short", year: "numeric", timeZone: "UTC" } : { day: "numeric", month: "short", timeZone: "UTC" };
    return new Intl.DateTimeFormat(currentLocale(), options).format(at);
  }

  /** Creates the chart on its canvas once, then replaces its data (Chart.js animates the change). */
  #chart(canvasId, type, labels, series, { stacked = false, integer = false, format, secondAxis = false }) {
    const datasets = series.map(s => ({
      label: s.label,
      data: s.data,
      borderColor: s.color,
      backgroundColor: s.fill ? `${s.color}cc` : s.color,
      fill: s.fill ? "stack" : false,
      spanGaps: true,
      yAxisID: s.axis ?? "y",
      tooltipFormat: s.format ?? format,
    }));
    const existing = this.#charts.get(canvasId);
    if (existing) {
      existing.data.labels = labels;
      existing.data.datasets = datasets;
      existing.update();
      return;
    }
    const ticks = integer ? { precision: 0, callback: value => format(value) } : { callback: value => format(value) };
    const scales = { x: { stacked }, y: { stacked, beginAtZero: true, ticks } };
    if (secondAxis) scales.y2 = { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } };
    const canvas = byId(canvasId);
    this.#charts.set(canvasId, new window.Chart(canvas, {
      type,
      data: { labels, datasets },
      options: {
        locale: currentLocale(),
        // Charts move with the shop, unless the agent's system asks for less motion.
        animation: matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 600 },
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales,
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: item => `${item.dataset.label}: ${item.raw === null ? "–" : item.dataset.tooltipFormat(item.raw)}` } },
        },
      },
    }));
  }

  #renderCohorts(cohorts) {
    const width = cohorts.reduce((max, c) => Math.max(max, c.retention.length), 0);
    const percent = new Intl.NumberFormat(currentLocale(), { style: "percent", maximumFractionDigits: 0 });
    const month = new Intl.DateTimeFormat(currentLocale(), { month: "short", year: "numeric", timeZone: "UTC" });
    const head = el("tr", {},
      el("th", { scope: "col" }, kpiTexts.cohortMonth),
      el("th", { scope: "col" }, kpiTexts.cohortCustomers),
      ...Array.from({ length: width }, (_, n) => el("th", { scope: "col" }, kpiTexts.cohortAfter(n))));
    const rows = cohorts.map(c => el("tr", {},
      el("th", { scope: "row" }, month.format(new Date(`${c.month}T00:00:00Z`))),
      el("td", { class: "count" }, String(c.customers)),
      ...Array.from({ length: width }, (_, n) => {
        if (n >= c.retention.length) return el("td", { class: "heat-none" });
        const share = c.retention[n];
        const cell = el("td", { class: share > 0.55 ? "heat dark" : "heat" }, percent.format(share));
        // Set through the style property: the page's content security policy refuses style attributes.
        cell.style.backgroundColor = `rgba(31, 95, 191, ${Math.max(0.04, share).toFixed(2)})`;
        return cell;
      })));
    byId("cohort-table").tHead.replaceChildren(head);
    byId("cohort-table").tBodies[0].replaceChildren(...rows);
  }
}
