using LifecycleActors.Cli.Import;
using LifecycleActors.Cli.Output;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Tests;

public sealed class OutputTests
{
    [Fact]
    public void A_table_pads_labels_left_and_values_right()
    {
        using var output = new StringWriter();

        new AlignedTable().Row("accepted", "200,000").Row("ack p99", "12.50", "ms").WriteTo(output);

        Assert.Equal("accepted  200,000\nack p99     12.50 ms\n", output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledgement_body_is_read_with_its_first_rejection()
    {
        var ack = BatchAck.Parse("""{"accepted":2,"duplicates":0,"rejected":[{"index":1,"id":"e-2","error":"type: unknown"},{"index":3,"id":"e-4","error":"x"}]}"""u8);

        Assert.Equal(new BatchAck(2, 0, 2, "e-2: type: unknown", 0), ack);
    }

    [Theory]
    [InlineData("""{"accepted":2}""")]
    [InlineData("""{"accepted":"2","duplicates":0,"rejected":[]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""not json""")]
    public void An_acknowledgement_of_another_shape_is_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => BatchAck.Parse(System.Text.Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(true, "\r\u001b[Ksent 3 events\n")]
    [InlineData(false, "")]
    public async Task A_redrawn_progress_line_is_drawn_a_last_time_and_ended_when_the_work_is_over(bool overwrite, string expected)
    {
        using var output = new StringWriter();
        using var over = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await over.CancelAsync();

        await ProgressLine.RunAsync(output, TimeSpan.FromHours(1), TimeProvider.System, _ => "sent 3 events", over.Token, overwrite);

        Assert.Equal(expected, output.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_messages_clear_a_terminal_progress_line_and_stop_after_a_few_of_a_kind()
    {
        using var output = new StringWriter();
        var log = new ImportLog(output, terminal: true);

        for (var i = 1; i <= ImportLog.MaxPerKind + 3; i++)
        {
            log.Report(ImportLog.RejectedEvents, $"rejected e-{i}");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ImportLog.MaxPerKind + 1, lines.Length);
        Assert.All(lines, l => Assert.StartsWith(ProgressLine.ClearLine + "lifecycle import: ", l, StringComparison.Ordinal));
        Assert.EndsWith("(further rejected events are counted in the summary, not shown)", lines[^1].TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(ImportLog.MaxPerKind, log.FirstRejections.Count);
    }
}
