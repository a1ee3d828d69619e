// Administrators' way into the Orleans Dashboard (/orleans): the agent's token buys a short-lived pass, an HttpOnly
// cookie sent only to /orleans, and the dashboard opens in a new tab. The pass is renewed while this screen is open
// after the dashboard was opened, and dropped on sign-out.

const passPath = "/api/v1/auth/orleans-dashboard";
const renewEveryMs = 10 * 60 * 1000;

export class OrleansDashboardLink {
  constructor(session, button, failed) {
    this.session = session;
    this.renewal = null;
    button.hidden = !session.isAdmin;
    if (!session.isAdmin) return;
    button.onclick = async () => {
      try {
        await session.post(passPath);
      } catch (error) {
        failed(error);
        return;
      }
      window.open("/orleans/", "_blank", "noopener");
      clearInterval(this.renewal);
      this.renewal = setInterval(() => session.post(passPath).catch(failed), renewEveryMs);
    };
  }

  /** Stops renewing and expires the pass cookie. */
  async close() {
    clearInterval(this.renewal);
    if (this.session.isAdmin) await fetch(passPath, { method: "DELETE" }).catch(() => {});
  }
}
