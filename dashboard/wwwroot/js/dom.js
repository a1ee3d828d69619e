// DOM and formatting helpers. Data reaches the page only as text nodes (textContent), never as markup.

import { stageName, t } from "./i18n.js";

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

export const stages = ["prospect", "one_time", "repeat", "at_risk", "lapsed", "churned"];

export { formatCount, formatInstant, formatMoney, formatNumber, stageName } from "./i18n.js";

export const isTrue = value => value === true || value === "true";

/** The words of a transition: "at_risk → lapsed", "became VIP", "no longer advocate". */
export function describeTransition(transition) {
  if (transition.kind === "stage") return t("transition.stage", { from: stageName(transition.from), to: stageName(transition.to) });
  const flag = t(transition.kind === "vip" ? "flag.vip" : "flag.advocate");
  return t(isTrue(transition.to) ? "transition.became" : "transition.noLonger", { flag });
}

/** Entering lapsed, entering VIP and entering advocate are the headline transitions (contract §4). */
export const isHeadline = t => (t.kind === "stage" && t.to === "lapsed") || (t.kind !== "stage" && isTrue(t.to));
