using System.Diagnostics.CodeAnalysis;

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

    /// <summary>The runners that need nothing but this machine.</summary>
    public static RunnerRegistry CreateDefault() => new([new ScriptRunner()]);

    public bool TryGet(string type, [MaybeNullWhen(false)] out IAgentRunner runner) => _runners.TryGetValue(type, out runner);
}
