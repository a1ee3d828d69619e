using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LifecycleActors.Dashboard.Auth;

/// <summary><c>POST /api/v1/auth/login {"username","password"}</c> → <c>{"token"}</c>; 401 on bad credentials.</summary>
public static class LoginEndpoint
{
    public const string RateLimitPolicy = "agent-login";
    private const int MaxFieldLength = 256;

    public static IEndpointConventionBuilder MapAgentLogin(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/auth/login", Results<Ok<LoginAnswer>, ProblemHttpResult> (LoginRequest? request, AgentDirectory agents, AgentTokens tokens) =>
        {
            var problem = request is null ? ("body", "a JSON object {\"username\",\"password\"} is required")
                : string.IsNullOrEmpty(request.Username) || request.Username.Length > MaxFieldLength ? ("username", $"username: 1..{MaxFieldLength} characters")
                : string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxFieldLength ? ("password", $"password: 1..{MaxFieldLength} characters")
                : default((string, string)?);
            if (problem is var (field, detail))
            {
                return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid login request", extensions: new Dictionary<string, object?> { ["field"] = field });
            }

            return agents.Authenticate(request!.Username!, request.Password!) is { } agent
                ? TypedResults.Ok(new LoginAnswer(tokens.Issue(agent)))
                : TypedResults.Problem("unknown username or wrong password", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        })
        .RequireRateLimiting(RateLimitPolicy)
        .WithTags("Agents")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

/// <summary>The login body.</summary>
public sealed record LoginRequest(string? Username, string? Password);
