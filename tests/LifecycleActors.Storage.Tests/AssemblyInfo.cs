using LifecycleActors.Tests.Shared;

[assembly: AssemblyFixture(typeof(TestPostgres))]
