using System.Text.RegularExpressions;
using TokenGovernor.Simulator.Apis;

namespace TokenGovernor.Simulator;

/// <summary>What a request path asks for, whatever prefix the client put before the API path.</summary>
internal enum RouteKind
{
    NotFound,
    Generate,
    CountTokens,
    Models,
}

/// <summary>A request path taken apart: the scenario prefix (<c>/s/NAME/</c>), the API, the streaming form, the model.</summary>
internal sealed partial record Route(RouteKind Kind, ApiKind Api, string? Scenario, bool GeminiStream, string Model)
{
    public static Route Parse(string method, string path)
    {
        string? scenario = null;
        var prefix = ScenarioPrefix().Match(path);
        if (prefix.Success)
        {
            scenario = Uri.UnescapeDataString(prefix.Groups[1].Value);
            path = path[(prefix.Length - 1)..];
        }

        var gemini = GeminiPath().Match(path);
        if (method == "POST")
        {
            if (gemini.Success)
            {
                var action = gemini.Groups[2].Value;
                var kind = action == "countTokens" ? RouteKind.CountTokens : RouteKind.Generate;
                return new Route(kind, ApiKind.Gemini, scenario, action == "streamGenerateContent", Uri.UnescapeDataString(gemini.Groups[1].Value));
            }

            if (path.EndsWith("/messages/count_tokens", StringComparison.Ordinal))
            {
                return new Route(RouteKind.CountTokens, ApiKind.Anthropic, scenario, false, string.Empty);
            }

            var api = path switch
            {
                _ when path.EndsWith("/messages", StringComparison.Ordinal) => ApiKind.Anthropic,
                _ when path.EndsWith("/responses", StringComparison.Ordinal) => ApiKind.OpenAiResponses,
                _ when path.EndsWith("/chat/completions", StringComparison.Ordinal) => ApiKind.OpenAiChat,
                _ => (ApiKind?)null,
            };
            return api is { } found ? new Route(RouteKind.Generate, found, scenario, false, string.Empty) : NotFound(scenario);
        }

        if (method == "GET" && (path.EndsWith("/models", StringComparison.Ordinal) || path.Contains("/models/", StringComparison.Ordinal)))
        {
            var api = path.Contains("/v1beta/", StringComparison.Ordinal) ? ApiKind.Gemini : ApiKind.OpenAiChat;
            return new Route(RouteKind.Models, api, scenario, false, path[(path.IndexOf("/models", StringComparison.Ordinal) + "/models".Length)..].TrimStart('/'));
        }

        return NotFound(scenario);
    }

    private static Route NotFound(string? scenario) => new(RouteKind.NotFound, ApiKind.Anthropic, scenario, false, string.Empty);

    [GeneratedRegex("^/s/([^/]+)/")]
    private static partial Regex ScenarioPrefix();

    [GeneratedRegex("/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)$")]
    private static partial Regex GeminiPath();
}
