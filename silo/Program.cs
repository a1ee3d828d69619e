using LifecycleActors.Silo.Hosting;

// Disposed at exit: the write-behind queues (read model, event log) drain before the process ends.
await using var app = StandaloneDashboardApp.IsRequested(args)
    ? await StandaloneDashboardApp.BuildAsync(args)
    : await SiloApp.BuildAsync(args);
await app.RunAsync();
