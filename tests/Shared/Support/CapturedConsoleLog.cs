using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// Everything a host logs, formatted by its own console formatter (the one <c>Logging:Console:FormatterName</c>
/// chooses, with the host's formatter options and scopes) into memory instead of the console: what an operator's log
/// would hold, for tests to search. Register it as an <see cref="ILoggerProvider"/> of the host.
/// </summary>
public sealed class CapturedConsoleLog(IEnumerable<ConsoleFormatter> formatters, IOptions<ConsoleLoggerOptions> options)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter = formatters.Single(f => f.Name == (options.Value.FormatterName ?? ConsoleFormatterNames.Simple));
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturedConsoleLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => log._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var line = new StringWriter();
            log._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), log._scopes, line);
            lock (log._gate)
            {
                log._text.Append(line);
            }
        }
    }
}
