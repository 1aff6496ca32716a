using TokenGovernor.Core;
using TokenGovernor.Engine.Settings;

namespace TokenGovernor.Engine.Tests.Settings;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private GovernorSettings Load(string yaml)
    {
        _scratch.Write(SettingsLoader.DefaultFileName, yaml);
        return SettingsLoader.Load(null, _scratch.Path);
    }

    private TokenGovException Refused(string yaml)
    {
        _scratch.Write(SettingsLoader.DefaultFileName, yaml);
        return Assert.Throws<TokenGovException>(() => SettingsLoader.Load(null, _scratch.Path));
    }

    private string SettingsPath => _scratch.File(SettingsLoader.DefaultFileName);

    [Fact]
    public void Every_top_level_key_is_read_into_its_setting()
    {
        var settings = Load("""
            workers: 6
            repos_dir: ~/src/repos
            max_runtime: 1h30m
            idle_timeout: 90s
            grace_period: 250ms
            fail_fast: true
            default_runner: fast
            default_fallbacks: [slow, script]
            post_run: ./notify.sh
            store: sqlite:/var/lib/token-gov.db
            runners:
              fast:
                type: script
            """);

        Assert.Equal(SettingsPath, settings.Path);
        Assert.Equal(6, settings.Workers);
        Assert.Equal("~/src/repos", settings.ReposDir);
        Assert.Equal(TimeSpan.FromMinutes(90), settings.MaxRuntime);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.IdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.GracePeriod);
        Assert.True(settings.FailFast);
        Assert.Equal("fast", settings.DefaultRunner);
        Assert.Equal(["slow", "script"], settings.DefaultFallbacks);
        Assert.Equal("./notify.sh", settings.PostRun);
        Assert.Equal("sqlite:/var/lib/token-gov.db", settings.Store);
        Assert.Equal(["fast"], settings.Runners.Keys);
    }

    [Fact]
    public void Every_runner_profile_key_is_read_into_the_profile()
    {
        var settings = Load("""
            runners:
              cheap:
                type: codex
                model: gpt-5-mini
                env:
                  OPENAI_BASE_URL: http://localhost:9999
                  OPENAI_API_KEY: env:CHEAP_KEY
                free: true
                tier: 2
                fallback_only: true
                max_concurrent: 3
            """);

        var profile = Assert.Single(settings.Runners).Value;
        Assert.Equal("cheap", profile.Name);
        Assert.Equal("codex", profile.Type);
        Assert.Equal("gpt-5-mini", profile.Model);
        Assert.Equal("http://localhost:9999", profile.Env["OPENAI_BASE_URL"]);
        Assert.Equal("env:CHEAP_KEY", profile.Env["OPENAI_API_KEY"]);
        Assert.Equal(2, profile.Env.Count);
        Assert.True(profile.Free);
        Assert.Equal(2, profile.Tier);
        Assert.True(profile.FallbackOnly);
        Assert.Equal(3, profile.MaxConcurrent);
        Assert.Equal(SettingsPath, profile.SourceFile);
    }

    [Fact]
    public void A_single_default_fallback_may_be_written_without_a_list()
    {
        var settings = Load("default_fallbacks: script\n");

        Assert.Equal(["script"], settings.DefaultFallbacks);
    }

    [Fact]
    public void Unset_keys_stay_null_so_flags_and_defaults_can_fill_them()
    {
        var settings = Load("workers: 2\n");

        Assert.Equal(2, settings.Workers);
        Assert.Null(settings.ReposDir);
        Assert.Null(settings.MaxRuntime);
        Assert.Null(settings.FailFast);
        Assert.Null(settings.DefaultRunner);
        Assert.Null(settings.DefaultFallbacks);
        Assert.Empty(settings.Runners);
    }

    [Fact]
    public void Unknown_key_names_file_and_line_and_suggests_the_closest_key()
    {
        var error = Refused("""
            workers: 2
            fail_fats: true
            """);

        Assert.Contains($"{SettingsPath}:2:", error.Message);
        Assert.Contains("fail_fats", error.Message);
        Assert.Contains("did you mean 'fail_fast'?", error.Message);
        Assert.Equal(ExitCodes.InputError, error.ExitCode);
    }

    [Fact]
    public void A_key_written_as_a_list_is_reported_as_unknown_not_crashed_on()
    {
        var error = Refused("? [workers, repos_dir]\n: 3\n");

        Assert.Contains($"{SettingsPath}:1:", error.Message);
        Assert.Contains("is not a known setting", error.Message);
    }

    [Fact]
    public void Unknown_key_far_from_any_setting_lists_the_known_keys()
    {
        var error = Refused("colour: blue\n");

        Assert.Contains($"{SettingsPath}:1:", error.Message);
        Assert.Contains("known: workers, repos_dir", error.Message);
    }

    [Fact]
    public void Unknown_key_inside_a_runner_profile_names_the_profile_path_and_suggests_a_key()
    {
        var error = Refused("""
            runners:
              fast:
                type: script
                modell: small
            """);

        Assert.Contains($"{SettingsPath}:4:", error.Message);
        Assert.Contains("runners.fast.modell", error.Message);
        Assert.Contains("did you mean 'model'?", error.Message);
    }

    [Theory]
    [InlineData("max_runtime: soon", "max_runtime", "'soon' is not a duration")]
    [InlineData("idle_timeout: 5 minutes", "idle_timeout", "'5 minutes' is not a duration")]
    [InlineData("grace_period: -3s", "grace_period", "'-3s' is not a duration")]
    [InlineData("fail_fast: maybe", "fail_fast", "'maybe' must be true or false")]
    [InlineData("workers: 0", "workers", "'0' must be a whole number of at least 1")]
    [InlineData("workers: four", "workers", "'four' must be a whole number of at least 1")]
    [InlineData("repos_dir: [a, b]", "repos_dir", "must be a single value")]
    public void Bad_value_is_an_error_naming_the_file_the_line_and_the_key(string line, string key, string message)
    {
        var error = Refused($"store: governor.db\n{line}\n");

        Assert.Contains($"{SettingsPath}:2: {key} {message}", error.Message);
    }

    [Fact]
    public void Bad_duration_says_how_to_write_one()
    {
        var error = Refused("max_runtime: forever\n");

        Assert.Contains("write it like 30m, 1h30m, 90s or 250ms", error.Message);
    }

    [Fact]
    public void Runner_of_an_unknown_type_is_an_error_listing_the_types()
    {
        var error = Refused("""
            runners:
              fast:
                type: gpt
            """);

        Assert.Contains("runners.fast.type 'gpt' is not a runner type", error.Message);
        Assert.Contains("use one of codex, claude", error.Message);
        Assert.Contains($"{SettingsPath}:3:", error.Message);
    }

    [Fact]
    public void Runner_without_a_type_is_an_error()
    {
        var error = Refused("""
            runners:
              fast:
                model: small
            """);

        Assert.Contains("runners.fast.type is missing", error.Message);
        Assert.Contains($"{SettingsPath}:3:", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_per_line()
    {
        var error = Refused("""
            workers: 0
            fail_fast: sometimes
            wokers: 2
            """);

        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{SettingsPath}:1:", lines[0]);
        Assert.StartsWith($"{SettingsPath}:2:", lines[1]);
        Assert.StartsWith($"{SettingsPath}:3:", lines[2]);
    }

    [Fact]
    public void Invalid_yaml_names_the_file_and_the_line()
    {
        var error = Refused("""
            workers: 2
            post_run: "unterminated
            """);

        Assert.StartsWith($"{SettingsPath}:2: is not valid YAML", error.Message);
    }

    [Fact]
    public void Unclosed_bracket_followed_by_more_settings_names_the_file_and_the_line()
    {
        var error = Refused("""
            workers: 2
            runners:
              fast: {type: script
            store: governor.db
            """);

        Assert.StartsWith($"{SettingsPath}:3: is not valid YAML", error.Message);
        Assert.Contains("unclosed [ or {", error.Message);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_an_error()
    {
        var error = Refused("- workers\n- 2\n");

        Assert.Contains($"{SettingsPath}:1:", error.Message);
        Assert.Contains("must be a mapping of settings", error.Message);
    }

    [Fact]
    public void Missing_explicit_settings_file_is_an_error()
    {
        var error = Assert.Throws<TokenGovException>(() => SettingsLoader.Load("custom.yml", _scratch.Path));

        Assert.Contains("custom.yml: settings file not found", error.Message);
    }

    [Fact]
    public void Explicit_settings_file_is_read_relative_to_the_working_directory()
    {
        var path = _scratch.Write("config/governor.yml", "workers: 9\n");

        var settings = SettingsLoader.Load("config/governor.yml", _scratch.Path);

        Assert.Equal(9, settings.Workers);
        Assert.Equal(path, settings.Path);
    }

    [Fact]
    public void Missing_default_settings_file_means_empty_settings()
    {
        var settings = SettingsLoader.Load(null, _scratch.Path);

        Assert.Same(GovernorSettings.Empty, settings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing set yet\n")]
    [InlineData("---\n")]
    public void Empty_settings_file_is_accepted_with_nothing_set(string content)
    {
        var settings = Load(content);

        Assert.Equal(SettingsPath, settings.Path);
        Assert.Null(settings.Workers);
        Assert.Empty(settings.Runners);
    }
}
