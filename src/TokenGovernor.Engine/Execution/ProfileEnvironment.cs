using TokenGovernor.Core;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Engine.Execution;

/// <summary>Resolves a runner profile's environment: <c>env:NAME</c> values are read from the environment when the runner is used.</summary>
public static class ProfileEnvironment
{
    public const string EnvPrefix = "env:";

    public static Dictionary<string, string?> Resolve(RunnerProfile profile, Func<string, string?> lookup)
    {
        var resolved = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in profile.Env)
        {
            if (!value.StartsWith(EnvPrefix, StringComparison.Ordinal))
            {
                resolved[name] = value;
                continue;
            }

            var source = value[EnvPrefix.Length..];
            resolved[name] = lookup(source) ?? throw new TokenGovException(
                $"runner \"{profile.Name}\" sets {name} from the environment variable {source}, which is not set; export {source} or change the profile",
                ExitCodes.TaskFailed);
        }

        return resolved;
    }
}
