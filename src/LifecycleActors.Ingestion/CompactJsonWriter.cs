using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LifecycleActors.Ingestion;

/// <summary>Writes JSON elements without insignificant whitespace; one instance is reused across a batch.</summary>
internal sealed class CompactJsonWriter : IDisposable
{
    // The result is stored and later embedded as a JSON string value, never as raw HTML, so the relaxed encoder is
    // safe here; it keeps non-ASCII text such as "Zoë" readable instead of turning it into \u escapes.
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public CompactJsonWriter() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>Fails only for an escaped unpaired surrogate, which no JSON writer can reproduce.</summary>
    public bool TryWrite(JsonElement element, out string json)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        try
        {
            element.WriteTo(_writer);
            _writer.Flush();
        }
        catch (InvalidOperationException)
        {
            json = string.Empty;
            return false;
        }

        json = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        return true;
    }

    public void Dispose() => _writer.Dispose();
}
