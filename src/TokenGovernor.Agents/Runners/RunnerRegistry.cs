using System.Diagnostics.CodeAnalysis;
using TokenGovernor.Agents.Runners.Claude;
using TokenGovernor.Agents.Runners.Cline;
using TokenGovernor.Agents.Runners.Codex;
using TokenGovernor.Agents.Runners.Gemini;
using TokenGovernor.Agents.Runners.KiloCode;
using TokenGovernor.Agents.Runners.OpenCode;
using TokenGovernor.Agents.Runners.Qwen;

namespace TokenGovernor.Agents.Runners;

/// <summary>The runners a task can name by type; type names are case-insensitive.</summary>
public sealed class RunnerRegistry
{
    private readonly Dictionary<string, IAgentRunner> _runners = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Two runners claim the same type.</exception>
    public RunnerRegistry(IEnumerable<IAgentRunner> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        foreach (var runner in runners)
        {
            if (!_runners.TryAdd(runner.Type, runner))
            {
                throw new ArgumentException($"Two agent runners share the type '{runner.Type}'.", nameof(runners));
            }
        }
    }

    public IReadOnlyCollection<string> Types => _runners.Keys;

    /// <summary>Every runner this build has; an agent runner needs its CLI on PATH when a task uses it.</summary>
    public static RunnerRegistry CreateDefault() => new(
    [
        new ScriptRunner(), new ClaudeRunner(), new CodexRunner(), new GeminiRunner(), new QwenRunner(), new OpenCodeRunner(),
        new ClineRunner(), new KiloCodeRunner(),
    ]);

    public bool TryGet(string type, [MaybeNullWhen(false)] out IAgentRunner runner) => _runners.TryGetValue(type, out runner);
}
