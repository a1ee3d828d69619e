using System.Net;
using System.Text;

namespace LifecycleActors.Cli.Service;

/// <summary>How a refusing answer is shown: status, a hint at the option to fix, and the problem details body.</summary>
internal static class ResponseText
{
    private const int MaxBodyChars = 2000;

    public static string Refusal(string request, HttpResponseMessage response, byte[] content) =>
        Refusal(request, response.StatusCode, response.ReasonPhrase, content);

    public static string Refusal(string request, HttpStatusCode status, string? reasonPhrase, byte[] content)
    {
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " (check --api-key)",
            HttpStatusCode.RequestEntityTooLarge => " (lower --batch)",
            HttpStatusCode.NotFound => " (check --url)",
            _ => "",
        };
        return $"{request} answered {(int)status} {reasonPhrase}{hint}: {Excerpt(content)}";
    }

    /// <summary>The body as text (problem details are short JSON), cut so that an HTML error page cannot flood the terminal.</summary>
    public static string Excerpt(byte[] content)
    {
        if (content.Length == 0)
        {
            return "(empty body)";
        }

        var text = Encoding.UTF8.GetString(content).Trim();
        return text.Length <= MaxBodyChars ? text : string.Concat(text.AsSpan(0, MaxBodyChars), " …");
    }
}
