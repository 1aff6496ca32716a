using System.Globalization;
using System.Reflection;
using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Agents.Tests;

/// <summary>Launch specs for the scripted dummy agent and plain shell commands.</summary>
internal static class TestDummy
{
    private static readonly Lazy<string> DllPath = new(FindDll);

    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    /// <summary>The dummy agent's built assembly, to run with <see cref="Dotnet"/>.</summary>
    public static string Dll => DllPath.Value;

    public static ProcessSpec Spec(string workingDirectory, params string[] arguments) =>
        new(Dotnet, [DllPath.Value, .. arguments], workingDirectory, new Dictionary<string, string?>());

    public static ProcessSpec Shell(string workingDirectory, string script) =>
        new("/bin/sh", ["-c", script], workingDirectory, new Dictionary<string, string?>());

    /// <summary>The number after "<paramref name="prefix"/>: " in the output, e.g. the pid the dummy printed.</summary>
    public static int NumberAfter(IEnumerable<string> lines, string prefix) =>
        int.Parse(lines.First(line => line.StartsWith(prefix + ": ", StringComparison.Ordinal))[(prefix.Length + 2)..], CultureInfo.InvariantCulture);

    private static string FindDll()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TokenGovernor.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("TokenGovernor.sln not found above " + AppContext.BaseDirectory);
        }

        // The test assembly and the dummy are built with the same configuration.
        var configuration = typeof(TestDummy).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(directory.FullName, "tests", "DummyAgent", "bin", configuration, "net10.0", "dummy-agent.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException("dummy-agent not built: " + dll);
    }
}
