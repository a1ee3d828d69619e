using System.Diagnostics;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// What the log says of a request. Every line written while it is handled carries its tenant in a scope (the tenant
/// id only; the trace and span ids come from the logging's activity tracking), and it ends with one Debug line naming
/// its route pattern, never its path or query, which can hold customer ids and, on the hub's WebSocket, the agent's
/// token: that is also why ASP.NET Core's own request lines are kept off (<see cref="Hosting.ServiceLogging"/>).
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "LifecycleActors.Silo.Requests";

    private static readonly Func<ILogger, string, IDisposable?> TenantScope = LoggerMessage.DefineScope<string>("Tenant {Tenant}");

    /// <summary>After authentication, so that a signed-in agent's tenant is known.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (http, next) =>
        {
            var tenant = TenantAuthentication.CallerTenant(http);
            using var scope = tenant is null ? null : TenantScope(logger, tenant);
            var started = Stopwatch.GetTimestamp();
            await next(http);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var route = http.GetEndpoint() is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText ?? "" : "(no route)";
                LogAnswered(logger, http.Request.Method, route, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
