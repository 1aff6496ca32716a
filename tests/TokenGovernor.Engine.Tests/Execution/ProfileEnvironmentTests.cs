using TokenGovernor.Core;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Execution;

namespace TokenGovernor.Engine.Tests.Execution;

public sealed class ProfileEnvironmentTests
{
    private static RunnerProfile Profile(Dictionary<string, string> env) =>
        new() { Name = "cheap", Type = "script", Env = env, SourceFile = ".token-gov.yml" };

    [Fact]
    public void Plain_values_pass_through_unchanged()
    {
        var profile = Profile(new() { ["MODE"] = "fast", ["URL"] = "http://localhost:1/v1" });

        var resolved = ProfileEnvironment.Resolve(profile, _ => throw new InvalidOperationException("no lookup expected"));

        Assert.Equal("fast", resolved["MODE"]);
        Assert.Equal("http://localhost:1/v1", resolved["URL"]);
        Assert.Equal(2, resolved.Count);
    }

    [Fact]
    public void Env_prefixed_values_are_read_from_the_named_variable()
    {
        var profile = Profile(new() { ["API_KEY"] = "env:CHEAP_KEY", ["MODE"] = "fast" });
        var asked = new List<string>();

        var resolved = ProfileEnvironment.Resolve(profile, name =>
        {
            asked.Add(name);
            return name == "CHEAP_KEY" ? "secret-value" : null;
        });

        Assert.Equal("secret-value", resolved["API_KEY"]);
        Assert.Equal("fast", resolved["MODE"]);
        Assert.Equal(["CHEAP_KEY"], asked);
    }

    [Fact]
    public void A_missing_source_variable_is_an_error_naming_profile_variable_and_source()
    {
        var profile = Profile(new() { ["API_KEY"] = "env:CHEAP_KEY" });

        var error = Assert.Throws<TokenGovException>(() => ProfileEnvironment.Resolve(profile, _ => null));

        Assert.Contains("runner \"cheap\"", error.Message);
        Assert.Contains("sets API_KEY", error.Message);
        Assert.Contains("environment variable CHEAP_KEY, which is not set", error.Message);
        Assert.Contains("export CHEAP_KEY", error.Message);
        Assert.Equal(ExitCodes.TaskFailed, error.ExitCode);
    }

    [Fact]
    public void The_prefix_is_case_sensitive_so_other_text_is_not_a_lookup()
    {
        var profile = Profile(new() { ["NOTE"] = "ENV:HOME" });

        var resolved = ProfileEnvironment.Resolve(profile, _ => "looked up");

        Assert.Equal("ENV:HOME", resolved["NOTE"]);
    }
}
