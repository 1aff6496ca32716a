namespace TokenGovernor.Agents.Runners;

/// <summary>
/// The API keys of the model providers agents know. An agent gets only its own provider's key, so that a
/// misconfigured agent cannot quietly spend on another provider's account.
/// </summary>
internal static class ProviderKeys
{
    public static readonly IReadOnlyList<string> All =
    [
        "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
        "DASHSCOPE_API_KEY", "OPENROUTER_API_KEY", "GROQ_API_KEY", "MISTRAL_API_KEY", "DEEPSEEK_API_KEY", "XAI_API_KEY",
        "ZAI_API_KEY", "ZHIPU_API_KEY", "MOONSHOT_API_KEY", "TOGETHER_API_KEY", "FIREWORKS_API_KEY",
    ];

    /// <summary>
    /// Removes every provider key but <paramref name="own"/> from what the child inherits, unless the request's
    /// own environment (the runner profile's <c>env</c>) sets it on purpose.
    /// </summary>
    public static void RemoveOthers(Dictionary<string, string?> environment, IReadOnlyDictionary<string, string?> requested, IReadOnlyCollection<string> own)
    {
        foreach (var key in All)
        {
            if (!own.Contains(key, StringComparer.Ordinal) && requested.GetValueOrDefault(key) is null)
            {
                environment[key] = null;
            }
        }
    }

    /// <summary>
    /// The keys of the provider a <c>provider/model</c> name names (as opencode, Kilo Code and Cline take models),
    /// e.g. <c>anthropic/claude-sonnet-4-5</c>. Without a model, or with one that names no provider, the CLI's own
    /// configuration picks the provider, which cannot be told from here, so every key is kept; an unknown provider
    /// keeps none (the profile's <c>env</c> can still set one on purpose).
    /// </summary>
    public static IReadOnlyCollection<string> ForModel(string? model)
    {
        if (string.IsNullOrEmpty(model) || !model.Contains('/', StringComparison.Ordinal))
        {
            return All.ToArray();
        }

        return model[..model.IndexOf('/', StringComparison.Ordinal)].ToLowerInvariant() switch
        {
            "anthropic" => ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"],
            "openai" => ["OPENAI_API_KEY"],
            "google" or "gemini" => ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
            "openrouter" => ["OPENROUTER_API_KEY"],
            "groq" => ["GROQ_API_KEY"],
            "mistral" => ["MISTRAL_API_KEY"],
            "deepseek" => ["DEEPSEEK_API_KEY"],
            "xai" => ["XAI_API_KEY"],
            "zai" or "zhipuai" => ["ZAI_API_KEY", "ZHIPU_API_KEY"],
            "moonshot" or "moonshotai" => ["MOONSHOT_API_KEY"],
            "together" or "togetherai" => ["TOGETHER_API_KEY"],
            "fireworks" or "fireworks-ai" => ["FIREWORKS_API_KEY"],
            "qwen" or "dashscope" or "alibaba" => ["DASHSCOPE_API_KEY"],
            _ => [],
        };
    }
}
