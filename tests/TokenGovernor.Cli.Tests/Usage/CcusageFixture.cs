using System.Diagnostics;

namespace TokenGovernor.Cli.Tests.Usage;

/// <summary>
/// Installs the pinned ccusage 19.0.3 and bun (tools/ccusage/install.sh, idempotent) and generates a few MB of
/// Claude Code logs once for all parity tests. A failed install fails the tests with npm's reason; it never skips them.
/// One instance serves every parity test class (<see cref="CcusageCollection"/>), so the install never runs twice at once.
/// </summary>
public sealed class CcusageFixture : IDisposable
{
    public CcusageFixture()
    {
        RepoRoot = FindRepoRoot();
        var install = Run("bash", [Path.Combine(RepoRoot, "tools", "ccusage", "install.sh")], RepoRoot, null);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"cannot install ccusage 19.0.3 and bun for the parity tests:\n{install.Stderr}\n{install.Stdout}");
        }

        InstallDir = install.Stdout.Trim();
        Root = Path.Combine(Path.GetTempPath(), "token-gov-tests", "usage-" + Guid.NewGuid().ToString("N")[..8]);
        Logs = Generate("logs", 4, seed: 7);
        OneHourLogs = Generate("logs-1h", 1, seed: 8, "--one-hour");
        CodexLogs = GenerateWith("gen_codex_logs.py", "codex", 1, seed: 5);
        CodexReemitLogs = GenerateWith("gen_codex_logs.py", "codex-reemit", 1, seed: 5, "--reemit");
    }

    public string RepoRoot { get; }

    public string InstallDir { get; }

    public string Root { get; }

    /// <summary>Generated logs without 1-hour cache writes (where ccusage 19.0.3 and token-gov price alike).</summary>
    public string Logs { get; }

    /// <summary>Generated logs with 1-hour cache writes.</summary>
    public string OneHourLogs { get; }

    /// <summary>A generated Codex home (<c>sessions/…</c>).</summary>
    public string CodexLogs { get; }

    /// <summary>The same Codex home with some token_count lines re-emitted with an unchanged total.</summary>
    public string CodexReemitLogs { get; }

    public (int ExitCode, string Stdout, string Stderr) CcusageCodex(string codexHome, params string[] args) =>
        Run(Path.Combine(InstallDir, "node_modules", ".bin", "bun"), [Path.Combine(InstallDir, "node_modules", "ccusage", "dist", "index.js"), "codex", .. args], Root,
            new Dictionary<string, string?> { ["CODEX_HOME"] = codexHome, ["TZ"] = "UTC", ["LOG_LEVEL"] = "0" });

    public (int ExitCode, string Stdout, string Stderr) Ccusage(string dataDir, params string[] args) =>
        Run(Path.Combine(InstallDir, "node_modules", ".bin", "bun"), [Path.Combine(InstallDir, "node_modules", "ccusage", "dist", "index.js"), "claude", .. args], Root,
            new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = dataDir, ["TZ"] = "UTC", ["LOG_LEVEL"] = "0" });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 5 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private string Generate(string name, double sizeMb, int seed, params string[] extra) => GenerateWith("gen_claude_logs.py", name, sizeMb, seed, extra);

    private string GenerateWith(string script, string name, double sizeMb, int seed, params string[] extra)
    {
        var dir = Path.Combine(Root, name);
        script = Path.Combine(RepoRoot, "bench", script);
        var result = Run("python3", [script, dir, "--size-mb", sizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra], RepoRoot, null);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"log generator failed:\n{result.Stderr}");
        }

        return dir;
    }

    private static string FindRepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenGovernor.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The parity test classes share one <see cref="CcusageFixture"/>, and so one install and one set of logs.</summary>
[CollectionDefinition(Name)]
public sealed class CcusageCollection : ICollectionFixture<CcusageFixture>
{
    public const string Name = "ccusage";
}
