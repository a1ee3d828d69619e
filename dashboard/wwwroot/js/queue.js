// The agents' work queue: open and claimed tasks, claimed and finished from here, kept live by the hub's "task".

import { byId, el, formatInstant } from "./dom.js";
import { t } from "./i18n.js";

export class WorkQueue {
  constructor(session, openCustomer, failed) {
    this.session = session;
    this.openCustomer = openCustomer;
    this.failed = failed;
    this.tasks = new Map();
  }

  async load() {
    const [open, claimed] = await Promise.all([
      this.session.get("/api/v1/tasks?status=open"),
      this.session.get("/api/v1/tasks?status=claimed"),
    ]);
    this.tasks = new Map([...(open?.items ?? []), ...(claimed?.items ?? [])].map(t => [t.id, t]));
    this.render();
  }

  /** A task pushed by the hub: new, claimed or done. */
  changed(task) {
    if (task.status === "done") this.tasks.delete(task.id);
    else this.tasks.set(task.id, task);
    this.render();
  }

  render() {
    const tasks = [...this.tasks.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    byId("queue-list").replaceChildren(...tasks.map(t => this.row(t)));
    byId("queue-empty").hidden = tasks.length > 0;
    byId("queue-count").textContent = String(tasks.filter(t => t.status === "open").length);
  }

  row(task) {
    const action = task.status === "open"
      ? el("button", { type: "button", onclick: () => this.move(task, "claim") }, t("queue.claim"))
      : task.claimedBy === this.session.agent || this.session.isAdmin
        ? el("button", { type: "button", onclick: () => this.move(task, "done") }, t("queue.done"))
        : null;
    // The title and reason are the campaign's own words (its configuration), shown as written.
    return el("tr", { "data-task": task.id },
      el("td", { "data-as-written": true }, task.title),
      el("td", {}, el("button", { type: "button", class: "link customer-id", onclick: () => this.openCustomer(task.customerId) }, task.customerId)),
      el("td", { "data-as-written": true }, task.reason),
      el("td", {}, formatInstant(task.createdAt)),
      el("td", {}, task.status === "claimed" ? t("queue.claimedBy", { agent: task.claimedBy }) : t(`taskStatus.${task.status}`)),
      el("td", {}, action));
  }

  async move(task, verb) {
    byId("queue-error").textContent = "";
    try {
      this.changed(await this.session.post(`/api/v1/tasks/${encodeURIComponent(task.id)}/${verb}`));
    } catch (error) {
      byId("queue-error").textContent = error.message;
      this.failed(error);
      await this.load();
    }
  }
}
