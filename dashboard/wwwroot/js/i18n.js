// The screen's languages (English, German, Dutch): one catalogue per language in ./lang, the lookup t(key, values),
// and every date, number and amount formatted with Intl in the chosen locale and the shop's currency.
// The language comes from the browser; an agent's own choice overrides it and is kept in this browser per agent.

import de from "./lang/de.js";
import en from "./lang/en.js";
import nl from "./lang/nl.js";

export const catalogues = { en, de, nl };
export const languages = Object.keys(catalogues);
const locales = { en: "en-GB", de: "de-DE", nl: "nl-NL" };
const lastChoiceKey = "lifecycle.language";
const agentKey = agent => `lifecycle.language:${agent}`;

let language = fromBrowser();
let currency = "EUR";
let formats = makeFormats();
let listener = () => {};

function fromBrowser() {
  const remembered = localStorage.getItem(lastChoiceKey);
  if (languages.includes(remembered)) return remembered;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (languages.includes(base)) return base;
  }
  return "en";
}

function makeFormats() {
  const locale = locales[language];
  return {
    money: new Intl.NumberFormat(locale, { style: "currency", currency }),
    count: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    instant: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }),
  };
}

export const currentLanguage = () => language;
export const currentLocale = () => locales[language];
export const currentCurrency = () => currency;

/** The text of a key in the current language with {name} placeholders filled; English, then the key, as fallback. */
export function t(key, values = {}) {
  const template = catalogues[language][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined ? whole : String(values[name])));
}

/** Switches the language (and remembers it for this agent, or for this browser before sign-in). */
export function chooseLanguage(next, agent = null) {
  if (!languages.includes(next)) return;
  localStorage.setItem(lastChoiceKey, next);
  if (agent) localStorage.setItem(agentKey(agent), next);
  setLanguage(next);
}

/** After sign-in: the agent's own earlier choice, if any, wins over the browser's language. */
export function useAgentLanguage(agent) {
  const chosen = localStorage.getItem(agentKey(agent));
  if (languages.includes(chosen)) setLanguage(chosen);
}

/** The shop's ISO 4217 currency, from GET /api/v1/shop. */
export function useCurrency(code) {
  if (!code || code === currency) return;
  currency = code;
  formats = makeFormats();
  listener();
}

/** The one callback (the signed-in screen's) after every change of language or currency, so its views re-render. */
export const onLanguageChange = callback => {
  listener = callback;
};

function setLanguage(next) {
  if (next === language) return;
  language = next;
  formats = makeFormats();
  translatePage();
  listener();
}

/** Fills the page's static texts: data-i18n (text), data-i18n-placeholder, data-i18n-title, data-i18n-label. */
export function translatePage(root = document) {
  document.documentElement.lang = language;
  document.title = t("app.title");
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const select of root.querySelectorAll("select.language")) select.value = language;
}

const missing = value => value === null || value === undefined;

export const formatMoney = value => (missing(value) ? "–" : formats.money.format(Number(value)));

export const formatCount = value => (missing(value) ? "–" : formats.count.format(Number(value)));

export const formatNumber = (value, digits = 0) => (missing(value)
  ? "–"
  : new Intl.NumberFormat(locales[language], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(value)));

/** Up to the given decimals, none when whole: 75 Tage, 12,5 Tage. */
export const formatDecimal = (value, digits = 2) => (missing(value)
  ? "–"
  : new Intl.NumberFormat(locales[language], { maximumFractionDigits: digits }).format(Number(value)));

/** A UTC instant in the chosen locale (customer time may be replayed history, so no "x minutes ago"). */
export function formatInstant(value) {
  if (!value) return "–";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : `${formats.instant.format(date)} UTC`;
}

export const stageName = stage => t(`stage.${stage}`);

const moneyArgs = new Set(["amount", "spend365", "threshold", "exitSpend"]);
const dayArgs = new Set(["days", "expectedGapDays", "thresholdDays", "lapseDays", "graceDays"]);

/**
 * A transition's reason in the chosen language, from its code and arguments (contract §4); a transition stored
 * before reason codes existed, or with a code this screen does not know, shows its English text.
 */
export function reasonText(transition) {
  const code = transition?.reasonCode;
  const args = transition?.reasonArgs;
  if (!code || !args || !(`reason.${code}` in en)) return transition?.reason ?? "";
  const values = {};
  for (const [name, value] of Object.entries(args)) {
    if (moneyArgs.has(name)) values[name] = formatMoney(value);
    else if (dayArgs.has(name) || typeof value === "number") values[name] = formatDecimal(value);
    else values[name] = value;
  }
  if (args.was) values.was = stageName(args.was);
  if (args.gapSource) values.expected = t(`reason.expected.${args.gapSource}`, values);
  if (code.startsWith("advocate_")) values.parts = t("reason.parts", values);
  let text = t(`reason.${code}`, values);
  if (args.topPercent !== undefined) text = t("reason.topPercent", { ...values, text });
  if (args.factsRefreshed) text = t("reason.factsRefreshed", { text });
  if (args.pAlive !== undefined) text = t("reason.pAlive", { text, pAlive: formatNumber(args.pAlive, 2) });
  return text;
}
