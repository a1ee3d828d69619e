// The hub connection: messages in, watch requests out, automatic reconnect. After every (re)connection the page
// reloads its current picture from the API, because messages sent while disconnected are not replayed.

export class LiveConnection {
  constructor(session, { onTransition, onStats, onCustomer, onTask, onErased, onConnected, onStatus }) {
    this.watched = null;
    this.onConnected = onConnected;
    this.onStatus = onStatus;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/lifecycle", { accessTokenFactory: () => session.token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => Math.min(1000 * 2 ** context.previousRetryCount, 10000) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on("transition", onTransition);
    this.connection.on("stats", onStats);
    this.connection.on("customer", onCustomer);
    this.connection.on("task", onTask);
    this.connection.on("erased", onErased);
    this.connection.onreconnecting(() => onStatus("reconnecting"));
    this.connection.onreconnected(() => this.connected());
    // Automatic reconnect gives up after its attempts; keep trying, the service may be restarting.
    this.connection.onclose(() => {
      if (!this.stopped) this.startLater();
    });
  }

  async start() {
    this.stopped = false;
    try {
      await this.connection.start();
      await this.connected();
    } catch {
      this.startLater();
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.connection.stop();
  }

  /** Watches one customer at a time (the open card); null stops watching. */
  async watch(customerId) {
    const previous = this.watched;
    this.watched = customerId;
    if (this.connection.state !== signalR.HubConnectionState.Connected) return;
    if (previous && previous !== customerId) await this.connection.invoke("UnwatchCustomer", previous);
    if (customerId) await this.connection.invoke("WatchCustomer", customerId);
  }

  async connected() {
    this.onStatus("live");
    // A new connection is in no group yet: watch the open card again.
    if (this.watched) await this.connection.invoke("WatchCustomer", this.watched);
    await this.onConnected();
  }

  startLater() {
    this.onStatus("offline");
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.start(), 3000);
  }
}
