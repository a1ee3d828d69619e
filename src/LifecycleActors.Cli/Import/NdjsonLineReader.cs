namespace LifecycleActors.Cli.Import;

/// <summary>One line of an NDJSON input, without its line break.</summary>
/// <param name="Number">1-based.</param>
/// <param name="Bytes">The line; valid until the next read. Empty when <paramref name="TooLong"/>.</param>
/// <param name="TooLong">Longer than the reader's limit: its bytes were dropped while reading, not kept.</param>
internal readonly record struct NdjsonLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);

/// <summary>
/// Splits a stream into lines of bytes, reading ahead in blocks, so that a file of any size is read with a buffer of at
/// most about one line. LF ends a line, a CR before it is dropped, and a UTF-8 byte order mark at the start is
/// skipped. A line longer than the limit is passed over, not buffered, so a huge file without line breaks cannot
/// exhaust memory.
/// </summary>
internal sealed class NdjsonLineReader(Stream stream, int maxLineBytes)
{
    private const int BlockSize = 64 * 1024;

    private byte[] _buffer = new byte[Math.Min(BlockSize, maxLineBytes + 2)];
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;
    private bool _skippingLongLine;
    private bool _atStart = true;
    private long _line;
    private long _bytesRead;

    /// <summary>Bytes taken from the stream so far; safe to read from another thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <returns>The next line, or null at the end of the stream.</returns>
    public async ValueTask<NdjsonLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = _scanned + newline;
                var line = Take(length, consumed: length + 1);
                return line;
            }

            _scanned = _end - _start;
            if (_endOfStream)
            {
                return _start < _end || _skippingLongLine ? Take(_end - _start, consumed: _end - _start) : null;
            }

            if (_end - _start > maxLineBytes + 1)
            {
                // Longer than any line we would send (a CR may still follow): drop what is buffered and skip to the next LF.
                _skippingLongLine = true;
                _start = _end = _scanned = 0;
            }

            await FillAsync(cancellationToken);
        }
    }

    private NdjsonLine Take(int length, int consumed)
    {
        var bytes = _buffer.AsMemory(_start, length);
        if (bytes.Span is [.., (byte)'\r'])
        {
            bytes = bytes[..^1];
        }

        if (_atStart && bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        _atStart = false;
        var tooLong = _skippingLongLine || bytes.Length > maxLineBytes;
        _skippingLongLine = false;
        _start += consumed;
        _scanned = 0;
        return new NdjsonLine(++_line, tooLong ? ReadOnlyMemory<byte>.Empty : bytes, tooLong);
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            // Move the partial line to the front, so that the buffer only ever needs to hold one line.
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes + 2 + BlockSize));
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
        Interlocked.Add(ref _bytesRead, read);
    }
}
