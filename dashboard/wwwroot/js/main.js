// The agents' screen: sign-in, then counts, feed, attention list and customer card, all kept live by the hub.

import { attentionRefresher } from "./refresh.js";
import { CampaignsView } from "./campaigns.js";
import { CustomerCard } from "./card.js";
import { KpiView } from "./kpis.js";
import { renderCounts } from "./counts.js";
import { byId } from "./dom.js";
import { chooseLanguage, onLanguageChange, t, translatePage, useAgentLanguage, useCurrency } from "./i18n.js";
import { TransitionFeed } from "./feed.js";
import { LiveConnection } from "./live.js";
import { OrleansDashboardLink } from "./orleans.js";
import { WorkQueue } from "./queue.js";
import { SegmentsView } from "./segments.js";
import { Session, SessionExpired } from "./session.js";

translatePage();
let agentOfLanguage = null;
for (const select of document.querySelectorAll("select.language")) {
  select.addEventListener("change", () => chooseLanguage(select.value, agentOfLanguage));
}

function showLogin(message = "") {
  agentOfLanguage = null;
  onLanguageChange(() => {});
  byId("app").hidden = true;
  byId("login").hidden = false;
  byId("login-error").textContent = message;
  byId("login-username").focus();
}

byId("login-form").addEventListener("submit", async event => {
  event.preventDefault();
  const username = byId("login-username").value.trim();
  const password = byId("login-password").value;
  if (!username || !password) {
    byId("login-error").textContent = t("login.missing");
    return;
  }
  try {
    const session = await Session.signIn(username, password);
    byId("login-password").value = "";
    await run(session);
  } catch (error) {
    byId("login-error").textContent = error.message;
  }
});

async function run(session) {
  byId("login").hidden = true;
  byId("app").hidden = false;
  byId("tenant-name").textContent = session.tenant;
  byId("agent-name").textContent = session.agent;
  // The agent's language is kept in this browser, per tenant and agent (docs/adr/0015-screen-languages.md).
  agentOfLanguage = `${session.tenant}/${session.agent}`;
  useAgentLanguage(agentOfLanguage);
  translatePage();

  const failed = error => {
    if (error instanceof SessionExpired) {
      live.stop();
      orleans.close();
      session.signOut();
      showLogin(error.message);
    }
  };
  const openCustomer = id => {
    showView("main");
    card.open(id).catch(failed);
  };
  const feed = new TransitionFeed(openCustomer);
  const attention = attentionRefresher(session, openCustomer, failed);
  const queue = new WorkQueue(session, openCustomer, failed);
  const campaigns = new CampaignsView(session, openCustomer, failed);
  const kpis = new KpiView(session, failed);
  const segments = new SegmentsView(session, openCustomer, failed);
  byId("campaigns-tab").hidden = !session.isAdmin;
  const orleans = new OrleansDashboardLink(session, byId("orleans-dashboard"), failed);
  let campaignsRefresh = null;
  const showView = view => {
    for (const tab of document.querySelectorAll(".view-tab")) tab.setAttribute("aria-pressed", String(tab.dataset.view === view));
    for (const page of ["main", "kpis", "segments", "queue", "campaigns"]) byId(page).hidden = page !== view;
    clearInterval(campaignsRefresh);
    if (view === "kpis") kpis.open();
    else kpis.close();
    if (view === "queue") queue.load().catch(failed);
    if (view === "segments") segments.load().catch(failed);
    if (view === "campaigns") {
      campaigns.load().catch(failed);
      campaignsRefresh = setInterval(() => campaigns.load().catch(failed), 5000);
    }
  };
  for (const tab of document.querySelectorAll(".view-tab")) tab.onclick = () => showView(tab.dataset.view);
  const live = new LiveConnection(session, {
    onTransition: t => {
      feed.add(t);
      kpis.changed();
      if (t.kind === "vip" || t.kind === "stage") attention.soon();
    },
    onStats: stats => {
      lastStats = stats;
      renderCounts(stats);
    },
    onCustomer: c => card.changed(c),
    onTask: t => queue.changed(t),
    onErased: ({ customerId }) => {
      feed.drop(customerId);
      card.erased(customerId);
      attention.soon();
    },
    onStatus: status => {
      const badge = byId("connection");
      badge.textContent = t(`connection.${status}`);
      badge.dataset.status = status;
    },
    onConnected: async () => {
      const shop = await session.get("/api/v1/shop").catch(failed);
      if (shop) useCurrency(shop.currency);
      const stats = await session.get("/api/v1/stats").catch(failed);
      if (stats) {
        lastStats = stats;
        renderCounts(stats);
      }
      attention.now();
      await queue.load().catch(failed);
      await card.reload().catch(failed);
    },
  });
  const card = new CustomerCard(session, live);
  let lastStats = null;
  onLanguageChange(() => {
    const badge = byId("connection");
    if (badge.dataset.status) badge.textContent = t(`connection.${badge.dataset.status}`);
    if (lastStats) renderCounts(lastStats);
    feed.render();
    queue.render();
    attention.now();
    card.reload().catch(failed);
    if (!byId("campaigns").hidden) campaigns.load().catch(failed);
    if (!byId("kpis").hidden) kpis.load().catch(failed);
    segments.relabel();
  });

  byId("search-form").onsubmit = event => {
    event.preventDefault();
    const id = byId("search-input").value.trim();
    if (id) openCustomer(id);
  };
  byId("logout").onclick = async () => {
    kpis.close();
    await live.stop();
    await orleans.close();
    session.signOut();
    showLogin();
  };
  await live.start();
}

const restored = Session.restore();
if (restored) run(restored);
else showLogin();
