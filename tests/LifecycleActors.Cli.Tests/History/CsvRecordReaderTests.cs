using LifecycleActors.Cli.History;

namespace LifecycleActors.Cli.Tests.History;

public sealed class CsvRecordReaderTests
{
    private static List<(long Line, string[] Fields, string? Error)> ReadAll(string csv)
    {
        var reader = new CsvRecordReader(new StringReader(csv));
        var fields = new List<string>();
        var records = new List<(long, string[], string?)>();
        while (reader.TryRead(fields, out var line, out var error))
        {
            records.Add((line, [.. fields], error));
        }

        return records;
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_and_doubled_quotes()
    {
        var records = ReadAll("""
            536381,82567,"AIRLINE LOUNGE,METAL SIGN",2
            536394,21506,"FANCY FONT BIRTHDAY CARD,",24
            536477,22041,"RECORD FRAME 7"" SINGLE SIZE",48
            """);

        Assert.Equal(["536381", "82567", "AIRLINE LOUNGE,METAL SIGN", "2"], records[0].Fields);
        Assert.Equal(["536394", "21506", "FANCY FONT BIRTHDAY CARD,", "24"], records[1].Fields);
        Assert.Equal(["536477", "22041", "RECORD FRAME 7\" SINGLE SIZE", "48"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Empty_fields_are_kept_including_a_trailing_one()
    {
        var records = ReadAll("a,,c,\r\n\"\",x\r\n");

        Assert.Equal(["a", "", "c", ""], records[0].Fields);
        Assert.Equal(["", "x"], records[1].Fields);
    }

    [Fact]
    public void A_line_break_inside_quotes_continues_the_field_and_line_numbers_follow_the_file()
    {
        var records = ReadAll("h1,h2\n1,\"two\nlines\"\n\n3,x\n");

        Assert.Equal([1L, 2L, 5L], records.Select(r => r.Line));
        Assert.Equal(["1", "two\nlines"], records[1].Fields);
        Assert.Equal(["3", "x"], records[2].Fields);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_a_character()
    {
        var records = ReadAll("a,7\" FRAME,b");

        Assert.Equal(["a", "7\" FRAME", "b"], Assert.Single(records).Fields);
        Assert.Null(records[0].Error);
    }

    [Theory]
    [InlineData("a,\"open,b\n", "field 2: the quoted field does not end")]
    [InlineData("a,\"x\"y,b", "field 2: text after the closing quote")]
    public void Malformed_quoting_is_reported_with_the_field(string csv, string error)
    {
        var record = Assert.Single(ReadAll(csv));

        Assert.Equal(error, record.Error);
    }

    [Fact]
    public void Text_after_a_closing_quote_does_not_shift_the_following_fields()
    {
        var record = Assert.Single(ReadAll("a,\"x\"y,b"));

        Assert.Equal(3, record.Fields.Length);
        Assert.Equal("b", record.Fields[2]);
    }
}
