using Microsoft.Extensions.Logging.Console;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// The console log: plain text by default, JSON with <c>Logging:Console:FormatterName=json</c>
/// (<c>Logging__Console__FormatterName=json</c>), one object per line with the line's scopes (the request's trace and
/// span ids, which the host's activity tracking adds, and its tenant) and a UTC timestamp. ASP.NET Core's own request
/// lines stay off whatever the configuration says: they print the query string, where the hub's WebSocket carries the
/// agent's token; <see cref="Api.RequestLogging"/> writes a line per request instead.
/// </summary>
public static class ServiceLogging
{
    private const string HostingRequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder AddServiceLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var formatter = configuration.GetSection("Logging:Console:FormatterOptions");
        logging.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = formatter.GetValue(nameof(options.IncludeScopes), true);
            options.UseUtcTimestamp = formatter.GetValue(nameof(options.UseUtcTimestamp), true);
            options.TimestampFormat ??= "O";
        });
        // Added after the configuration's rules, so it wins over them.
        logging.AddFilter(HostingRequestLines, LogLevel.Warning);
        return logging;
    }
}
