// DOM and formatting helpers. Data reaches the page only as text nodes (textContent), never as markup.

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const byId = id => document.getElementById(id);

const stageNames = {
  prospect: "Prospect", one_time: "One-time", repeat: "Repeat", at_risk: "At risk", lapsed: "Lapsed", churned: "Churned",
};

export const stages = Object.keys(stageNames);

export const stageName = stage => stageNames[stage] ?? String(stage);

const money = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatMoney = value => (value === null || value === undefined ? "–" : money.format(value));

export const formatNumber = (value, digits = 0) =>
  value === null || value === undefined ? "–" : Number(value).toFixed(digits);

export const formatCount = value => (value === null || value === undefined ? "–" : Number(value).toLocaleString("en"));

/** A UTC instant as "2026-11-23 10:00" (customer time may be replayed history, so no "x minutes ago"). */
export function formatInstant(value) {
  if (!value) return "–";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().slice(0, 16).replace("T", " ");
}

export const isTrue = value => value === true || value === "true";

/** The words of a transition: "at_risk → lapsed", "became VIP", "no longer advocate". */
export function describeTransition(t) {
  if (t.kind === "stage") return `${stageName(t.from)} → ${stageName(t.to)}`;
  const flag = t.kind === "vip" ? "VIP" : "advocate";
  return isTrue(t.to) ? `became ${flag}` : `no longer ${flag}`;
}

/** Entering lapsed, entering VIP and entering advocate are the headline transitions (contract §4). */
export const isHeadline = t => (t.kind === "stage" && t.to === "lapsed") || (t.kind !== "stage" && isTrue(t.to));
