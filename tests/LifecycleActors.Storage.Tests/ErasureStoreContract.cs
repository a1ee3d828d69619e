using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Tests.Support;
using LifecycleActors.Tests.Shared;
using static LifecycleActors.Storage.Tests.Support.Events;

namespace LifecycleActors.Storage.Tests;

public sealed class SqliteErasureStoreTests() : ErasureStoreContract(new SqliteEngine());

public sealed class PostgresErasureStoreTests(TestPostgres server) : ErasureStoreContract(new PostgresEngine(server));

/// <summary>
/// Erasure jobs (ADR 0016) on each engine: a job cut off after its log step (a silo killed) is carried on to done by
/// another pass, repeating a step changes nothing, the log step keeps the erased past out of every later append while
/// a new life under the id is kept, others' referrals keep their count under a pseudonym, and nothing leaks to
/// another tenant.
/// </summary>
public abstract class ErasureStoreContract(IStorageEngine engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_append_after_the_log_step_keeps_the_erased_past_out_not_only_the_first()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [Order("o1", "c-1", "ord-1", 100m, Start), Visit("v1", "c-2", Start), Identify("i1", "anon-9", "c-1", Start)], Ct);
        var now = DateTimeOffset.UtcNow;
        await storage.Erasures.SealLogAsync(await storage.Erasures.RequestAsync("shop", "c-1", "api-key", now, Ct), Ct);

        // No identify among them, so that each request can be written in the log's shortest way.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var appended = await Task.WhenAll(
                storage.Log.AppendAsync("shop", [
                    Order($"old-{attempt}", "c-1", "ord-1", 100m, Start),
                    Referral($"ref-{attempt}", "c-3", "c-1", Start),
                    AnonymousVisit($"anon-{attempt}", "anon-9", Start.AddHours(1)),
                    Visit($"c2-{attempt}", "c-2", Start.AddDays(attempt)),
                    Order($"new-{attempt}", "c-1", $"ord-n{attempt}", 15m, now.AddMinutes(attempt + 1)),
                ], Ct),
                storage.Log.AppendAsync("other", [Order($"o-{attempt}", "c-1", "ord-1", 100m, Start)], Ct));

            Assert.Equal((3, 0), (appended[0].Erased, appended[0].Duplicates));
            Assert.Equal([$"c2-{attempt}", $"new-{attempt}"], appended[0].Accepted.Select(e => e.EventId));
            Assert.Equal([$"o-{attempt}"], appended[1].Accepted.Select(e => e.EventId));
            Assert.Equal(0, appended[1].Erased);
        }

        Assert.Equal(["new-0", "new-1", "new-2"], (await storage.Log.ReadCustomerAsync("shop", "c-1", 0, Ct)).Select(e => e.EventId));
        Assert.Empty(await storage.Log.ReadCustomerAsync("shop", "c-3", 0, Ct));
        Assert.Empty(await storage.Log.ReadCustomerAsync("shop", "anon-9", 0, Ct));
    }

    [Fact]
    public async Task An_erasure_cut_off_after_its_log_step_is_carried_on_to_done_and_keeps_the_past_out()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [
            AnonymousVisit("v1", "anon-1", Start.AddDays(-2)),
            Identify("i1", "anon-1", "c-1", Start.AddDays(-1)),
            Order("o1", "c-1", "ord-1", 100m, Start),
            Order("o2", "c-1", "ord-2", 40m, Start.AddDays(30)),
            Referral("r1", "c-2", "c-1", Start.AddDays(-3)),
            Order("o3", "c-2", "ord-3", 60m, Start.AddDays(1)),
        ], Ct);
        await storage.Log.AppendAsync("other", [Order("o1", "c-1", "ord-9", 999m, Start)], Ct);
        storage.Writer.Enqueue([Stage("c-1", "prospect", "one_time", Start, 1), Stage("c-1", "one_time", "repeat", Start.AddDays(30), 2)]);
        await storage.Writer.FlushAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        var erasures = storage.Erasures;

        var requested = await erasures.RequestAsync("shop", "c-1", "api-key", now, Ct);
        Assert.Equal(requested.ErasureId, (await erasures.RequestAsync("shop", "c-1", "api-key", now.AddSeconds(1), Ct)).ErasureId);

        // The first silo runs the log step and dies.
        await erasures.SealLogAsync(requested, Ct);
        var sealedJob = (await erasures.FindAsync("shop", requested.ErasureId, Ct))!;
        Assert.True(sealedJob.Sealed);
        Assert.Equal(["anon-1"], sealedJob.Working.Linked);
        Assert.Equal(["c-2"], sealedJob.Working.Related);
        Assert.StartsWith("erased-", sealedJob.Working.Pseudonyms["c-1"], StringComparison.Ordinal);
        Assert.Equal(now, await storage.Log.ErasedBeforeAsync("shop", "c-1", Ct));
        Assert.Equal(now, await storage.Log.ErasedBeforeAsync("shop", "anon-1", Ct));
        Assert.Null(await storage.Log.ErasedBeforeAsync("other", "c-1", Ct));
        Assert.Null(await storage.Log.ErasedBeforeAsync("shop", "c-2", Ct));

        // From then on the erased past stays out of the log; a new life under the id does not.
        var retried = await storage.Log.AppendAsync("shop", [
            Order("o1-again", "c-1", "ord-1", 100m, Start),
            AnonymousVisit("v2", "anon-1", Start.AddDays(-1)),
            Referral("r2", "c-3", "c-1", Start),
            Order("o9", "c-1", "ord-9", 15m, now.AddMinutes(1)),
        ], Ct);
        Assert.Equal(3, retried.Erased);
        Assert.Equal(["o9"], retried.Accepted.Select(e => e.EventId));

        // Another pass claims the job and carries it on; repeating the step changes nothing.
        var claimed = Assert.Single(await erasures.ClaimPendingAsync(now, TimeSpan.FromSeconds(10), 20, Ct));
        Assert.Empty(await erasures.ClaimPendingAsync(now.AddSeconds(1), TimeSpan.FromSeconds(10), 20, Ct));
        await erasures.RemoveRowsAsync(claimed, Ct);
        await erasures.RemoveRowsAsync(claimed, Ct);
        await CatchUpAsync(storage.Kpis);
        Assert.Empty(await erasures.TracesAsync(claimed, Ct));
        await erasures.FinishAsync(claimed, now.AddSeconds(2), Ct);

        var done = (await erasures.FindAsync("shop", requested.ErasureId, Ct))!;
        Assert.Equal((ErasureRecord.Done, null, now.AddSeconds(2)), (done.Status, done.CustomerId, done.FinishedAt));
        Assert.Equal(ErasureWorkingSet.Empty.Linked, done.Working.Linked);
        Assert.Equal(4, done.Counts["eventLog"]);
        Assert.Equal(2, done.Counts["transitions"]);
        Assert.Equal(1, done.Counts["referralsPseudonymised"]);
        Assert.Equal(["o9"], (await storage.Log.ReadCustomerAsync("shop", "c-1", 0, Ct)).Select(e => e.EventId));
        Assert.Empty(await storage.Log.ReadCustomerAsync("shop", "anon-1", 0, Ct));
        var referral = (await storage.Log.ReadCustomerAsync("shop", "c-2", 0, Ct)).Single(e => e.EventId == "r1");
        Assert.Equal(sealedJob.Working.Pseudonyms["c-1"], referral.ReferredCustomerId);
        Assert.Single(await storage.Log.ReadCustomerAsync("other", "c-1", 0, Ct));
        Assert.Null(await erasures.FindAsync("other", requested.ErasureId, Ct));
        Assert.Equal([requested.ErasureId], (await erasures.ListAsync("shop", ErasureRecord.Done, 10, Ct)).Select(e => e.ErasureId));
    }

    [Fact]
    public async Task Erasing_the_newest_entry_of_the_log_does_not_hand_its_position_to_the_next_event()
    {
        await using var storage = await engine.CreateAsync();
        await storage.Log.AppendAsync("shop", [Order("o1", "c-1", "ord-1", 10m, Start), Order("o2", "c-2", "ord-2", 20m, Start)], Ct);
        var newest = await storage.Log.HeadAsync(Ct);
        var now = DateTimeOffset.UtcNow;

        await storage.Erasures.SealLogAsync(await storage.Erasures.RequestAsync("shop", "c-2", "api-key", now, Ct), Ct);
        var next = await storage.Log.AppendAsync("shop", [Order("o3", "c-3", "ord-3", 30m, Start)], Ct);

        // Marks that passed the erased position (the KPI log mark, the logged counts, the catch-up checkpoint) must not miss it.
        Assert.True(next.Accepted.Single().Position > newest, $"position {next.Accepted.Single().Position} given out again after {newest}");
    }

    [Fact]
    public async Task Applying_erasures_again_finds_nothing_in_a_log_that_was_not_restored_and_keeps_a_new_life()
    {
        await using var storage = await engine.CreateAsync();
        Assert.Equal(0, await storage.Erasures.ReapplyAsync("shop", DateTimeOffset.UtcNow, Ct));

        await storage.Log.AppendAsync("shop", [Order("o1", "c-1", "ord-1", 10m, Start), Order("o2", "c-2", "ord-2", 20m, Start)], Ct);
        var now = DateTimeOffset.UtcNow;
        var erasure = await storage.Erasures.RequestAsync("shop", "c-1", "api-key", now, Ct);
        await storage.Erasures.SealLogAsync(erasure, Ct);
        await storage.Log.AppendAsync("shop", [Order("o3", "c-1", "ord-3", 30m, now.AddMinutes(1))], Ct);

        // c-1 is in the log again, but only with events after its erasure: a new life, not a restored past.
        Assert.Equal(0, await storage.Erasures.ReapplyAsync("shop", now.AddMinutes(2), Ct));
        Assert.Equal([erasure.ErasureId], (await storage.Erasures.ListAsync("shop", null, 10, Ct)).Select(e => e.ErasureId));
    }

    private static async Task CatchUpAsync(IKpiStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await store.CatchUpAsync(_ => TimeZoneInfo.Utc, TimeSpan.FromSeconds(10), Ct) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the KPI store did not catch up within 60 s");
        }
    }
}
