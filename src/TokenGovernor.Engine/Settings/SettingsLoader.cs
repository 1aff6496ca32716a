using TokenGovernor.Core;
using TokenGovernor.Core.Tasks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TokenGovernor.Engine.Settings;

/// <summary>Reads <c>.token-gov.yml</c>. Unknown keys and bad values are errors naming the file and line.</summary>
public static class SettingsLoader
{
    public const string DefaultFileName = ".token-gov.yml";

    private static readonly string[] Keys =
    [
        "workers", "repos_dir", "max_runtime", "idle_timeout", "grace_period", "fail_fast", "runners",
        "default_runner", "default_fallbacks", "post_run", "store", "rate_limit_block", "retry_backoff",
    ];

    private static readonly string[] ProfileKeys = ["type", "model", "env", "free", "tier", "fallback_only", "max_concurrent"];

    /// <summary>Loads the file; when <paramref name="explicitPath"/> is null a missing default file means empty settings.</summary>
    public static GovernorSettings Load(string? explicitPath, string workingDirectory)
    {
        var path = System.IO.Path.GetFullPath(explicitPath ?? DefaultFileName, workingDirectory);
        if (!File.Exists(path))
        {
            return explicitPath is null
                ? GovernorSettings.Empty
                : throw new TokenGovException($"{explicitPath}: settings file not found; create it or drop --config");
        }

        YamlStream yaml = [];
        using (var reader = new StreamReader(path))
        {
            var parser = new Parser(reader);
            try
            {
                yaml.Load(parser);
            }
            catch (YamlException error)
            {
                throw new TokenGovException($"{path}:{error.Start.Line}: is not valid YAML: {error.Message}");
            }
            catch (InvalidOperationException error)
            {
                // YamlDotNet's scanner fails this way, without a position, on an unclosed [ or { followed by more lines.
                var line = parser.Current?.End.Line ?? 1;
                throw new TokenGovException($"{path}:{line}: is not valid YAML: cannot read past this line (check for an unclosed [ or {{ on or near it)", error);
            }
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return GovernorSettings.Empty with { Path = path };
        }

        var problems = new ProblemList();
        var settings = Read(path, yaml.Documents[0].RootNode, problems);
        return problems.Count == 0
            ? settings
            : throw new TokenGovException(string.Join(Environment.NewLine, problems.Select(problem => problem.ToString())));
    }

    private static GovernorSettings Read(string path, YamlNode root, ProblemList problems)
    {
        var yaml = new YamlReader(path, problems);
        if (root is not YamlMappingNode map)
        {
            yaml.Problem(root, "", "must be a mapping of settings like 'workers: 4'");
            return GovernorSettings.Empty;
        }

        var settings = new GovernorSettings { Path = path };
        foreach (var (keyNode, value) in map.Children)
        {
            var key = YamlReader.Key(keyNode);
            settings = key switch
            {
                "workers" => settings with { Workers = (int?)yaml.Integer(value, key, 1) },
                "repos_dir" => settings with { ReposDir = yaml.String(value, key) },
                "max_runtime" => settings with { MaxRuntime = yaml.Duration(value, key) },
                "idle_timeout" => settings with { IdleTimeout = yaml.Duration(value, key) },
                "grace_period" => settings with { GracePeriod = yaml.Duration(value, key) },
                "fail_fast" => settings with { FailFast = yaml.Bool(value, key) },
                "runners" => settings with { Runners = ReadRunners(yaml, value) },
                "default_runner" => settings with { DefaultRunner = yaml.String(value, key) },
                "default_fallbacks" => settings with { DefaultFallbacks = yaml.StringList(value, key) },
                "post_run" => settings with { PostRun = yaml.String(value, key) },
                "store" => settings with { Store = yaml.String(value, key) },
                "rate_limit_block" => settings with { RateLimitBlock = yaml.Duration(value, key) },
                "retry_backoff" => settings with { RetryBackoff = yaml.Duration(value, key) },
                _ => Unknown(yaml, keyNode, key, Keys, settings),
            };
        }

        return settings;
    }

    private static Dictionary<string, RunnerProfile> ReadRunners(YamlReader yaml, YamlNode node)
    {
        var profiles = new Dictionary<string, RunnerProfile>(StringComparer.Ordinal);
        if (node is not YamlMappingNode map)
        {
            yaml.Problem(node, "runners", "must be a mapping of runner names to profiles");
            return profiles;
        }

        foreach (var (nameNode, profileNode) in map.Children)
        {
            var name = YamlReader.Key(nameNode);
            var at = $"runners.{name}";
            if (profileNode is not YamlMappingNode fields)
            {
                yaml.Problem(profileNode, at, "must be a mapping with at least 'type'");
                continue;
            }

            var profile = new RunnerProfile { Name = name, Type = "", SourceFile = yaml.File };
            foreach (var (keyNode, value) in fields.Children)
            {
                var key = YamlReader.Key(keyNode);
                profile = key switch
                {
                    "type" => profile with { Type = yaml.String(value, $"{at}.type") ?? "" },
                    "model" => profile with { Model = yaml.String(value, $"{at}.model") },
                    "env" => profile with { Env = yaml.StringMap(value, $"{at}.env") },
                    "free" => profile with { Free = yaml.Bool(value, $"{at}.free") ?? false },
                    "tier" => profile with { Tier = (int?)yaml.Integer(value, $"{at}.tier", 1) },
                    "fallback_only" => profile with { FallbackOnly = yaml.Bool(value, $"{at}.fallback_only") ?? false },
                    "max_concurrent" => profile with { MaxConcurrent = (int?)yaml.Integer(value, $"{at}.max_concurrent", 1) },
                    _ => Unknown(yaml, keyNode, $"{at}.{key}", ProfileKeys, profile),
                };
            }

            if (profile.Type.Length == 0)
            {
                yaml.Problem(profileNode, $"{at}.type", "is missing", $"add 'type:' with one of {string.Join(", ", RunnerCatalog.KnownTypes)}");
            }
            else if (!RunnerCatalog.KnownTypes.Contains(profile.Type))
            {
                yaml.Problem(profileNode, $"{at}.type", $"'{profile.Type}' is not a runner type", $"use one of {string.Join(", ", RunnerCatalog.KnownTypes)}");
            }

            profiles[name] = profile;
        }

        return profiles;
    }

    private static T Unknown<T>(YamlReader yaml, YamlNode keyNode, string key, IReadOnlyCollection<string> known, T unchanged)
    {
        var leaf = key[(key.LastIndexOf('.') + 1)..];
        var suggestion = Spelling.Closest(leaf, known);
        yaml.Problem(keyNode, key, "is not a known setting", suggestion is null ? $"known: {string.Join(", ", known)}" : $"did you mean '{suggestion}'?");
        return unchanged;
    }
}
