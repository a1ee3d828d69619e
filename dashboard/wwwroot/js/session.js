// The agent's session: sign-in, the bearer token (kept for this browser tab only), and authorised API reads.

import { t } from "./i18n.js";

const storageKey = "lifecycle.session";

export class Session {
  constructor(token, agent, tenant, role) {
    this.token = token;
    this.agent = agent;
    this.tenant = tenant;
    this.role = role;
  }

  get isAdmin() {
    return this.role === "admin";
  }

  /** The session kept in this tab, if its token has not expired. */
  static restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "null");
      if (!saved?.token) return null;
      const claims = decodeClaims(saved.token);
      return claims.exp * 1000 > Date.now() ? new Session(saved.token, claims.sub, claims.tenant, claims.role) : null;
    } catch {
      return null;
    }
  }

  /** Signs in; throws an Error with a message fit for the agent. */
  static async signIn(username, password) {
    const response = await fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (response.status === 401) throw new Error(t("login.unknown"));
    if (response.status === 429) throw new Error(t("login.tooMany"));
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail ?? t("login.failed", { status: response.status }));
    }
    const { token } = await response.json();
    sessionStorage.setItem(storageKey, JSON.stringify({ token }));
    const claims = decodeClaims(token);
    return new Session(token, claims.sub, claims.tenant, claims.role);
  }

  signOut() {
    sessionStorage.removeItem(storageKey);
  }

  /** GET an API path as this agent: the parsed body, null for 404; throws on other failures. */
  get(path) {
    return this.send("GET", path);
  }

  /** POST to an API path as this agent: the parsed body (null when empty or 404); throws with the problem's detail. */
  post(path) {
    return this.send("POST", path);
  }

  /** DELETE an API path as this agent: the parsed body; throws with the problem's detail. */
  delete(path) {
    return this.send("DELETE", path);
  }

  async send(method, path) {
    const response = await fetch(path, { method, headers: { Authorization: `Bearer ${this.token}` } });
    if (response.status === 404 && method === "GET") return null;
    if (response.status === 401) throw new SessionExpired();
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail ?? `${path}: ${response.status}`);
    }
    return response.status === 204 ? null : response.json();
  }
}

export class SessionExpired extends Error {
  constructor() {
    super(t("session.expired"));
  }
}

function decodeClaims(token) {
  const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
}
