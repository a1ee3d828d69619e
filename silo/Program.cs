using LifecycleActors.Silo.Hosting;

var app = await SiloApp.BuildAsync(args);
await app.RunAsync();
