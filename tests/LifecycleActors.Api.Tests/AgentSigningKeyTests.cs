using LifecycleActors.Dashboard.Auth;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The agents' signing key kept in the data directory: silos starting at once beside each other all read one whole
/// key, the first one written, never an empty or half-written file.
/// </summary>
public sealed class AgentSigningKeyTests
{
    [Fact]
    public async Task Silos_starting_at_once_on_a_fresh_data_directory_all_get_the_same_whole_key()
    {
        for (var round = 0; round < 20; round++)
        {
            using var data = new TempDirectory();
            using var start = new Barrier(8);
            var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return AgentTokens.LoadKey(null, data.Path).Key;
            }, TestContext.Current.CancellationToken)));

            Assert.All(keys, key => Assert.Equal(32, key.Length));
            Assert.All(keys, key => Assert.Equal(keys[0], key));
            Assert.Equal(["agent-signing-key"], Directory.GetFiles(data.Path).Select(Path.GetFileName));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "agent-signing-key")));
            }
        }
    }

    [Fact]
    public void A_key_once_written_is_the_key_after_a_restart()
    {
        using var data = new TempDirectory();
        var first = AgentTokens.LoadKey(null, data.Path).Key;
        Assert.Equal(first, AgentTokens.LoadKey(null, data.Path).Key);
    }
}
