namespace TokenGovernor.Agents.Runners.Streaming;

/// <summary>The environment every agent CLI is started with.</summary>
internal static class AgentLaunch
{
    /// <summary>
    /// The request's environment (the runner profile's <c>env</c>, already resolved) plus <paramref name="defaults"/>
    /// where the profile does not set them, without the other providers' API keys.
    /// </summary>
    public static Dictionary<string, string?> Environment(AgentRequest request, IReadOnlyCollection<string> ownKeys, params KeyValuePair<string, string?>[] defaults)
    {
        var environment = new Dictionary<string, string?>(request.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in defaults)
        {
            environment.TryAdd(name, value);
        }

        ProviderKeys.RemoveOthers(environment, request.Environment, ownKeys);
        return environment;
    }

    /// <summary>
    /// A prompt passed as a positional argument: one that starts with a dash gets a leading space, so the CLI's
    /// option parser reads it as the prompt and not as an option (the model does not mind the space).
    /// </summary>
    public static string Positional(string prompt) => prompt.StartsWith('-') ? " " + prompt : prompt;
}
