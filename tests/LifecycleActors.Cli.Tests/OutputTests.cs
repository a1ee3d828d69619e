using LifecycleActors.Cli.Load;
using LifecycleActors.Cli.Output;

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
}
