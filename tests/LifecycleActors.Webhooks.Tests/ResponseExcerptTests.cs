namespace LifecycleActors.Webhooks.Tests;

public sealed class ResponseExcerptTests
{
    [Fact]
    public void An_answer_body_becomes_one_short_printable_line()
    {
        Assert.Equal("{ \"error\": \"down\" }", ResponseExcerpt.ToLine("\r\n{\n\t\"error\":\u0007 \"down\"\n}\n"));
    }

    [Fact]
    public void A_long_body_is_cut_with_an_ellipsis()
    {
        var line = ResponseExcerpt.ToLine(new string('x', 1000));

        Assert.Equal(ResponseExcerpt.MaxCharacters, line.Length);
        Assert.EndsWith("x…", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_the_limit_is_read_from_the_body()
    {
        using var content = new ByteArrayContent("abcdefghij"u8.ToArray());

        var excerpt = await ResponseExcerpt.ReadAsync(content, 4, TestContext.Current.CancellationToken);

        Assert.Equal("abcd", excerpt);
    }
}
