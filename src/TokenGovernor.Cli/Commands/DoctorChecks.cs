using System.Diagnostics;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Settings;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands;

/// <summary>One line of <c>token-gov doctor</c>: a failed required check fails the command; the others only inform.</summary>
internal sealed record DoctorCheck(string Name, string Status, string Detail, bool Required)
{
    public const string Ok = "ok";
    public const string Missing = "missing";
    public const string Failed = "failed";
    public const string Warning = "warning";

    public bool Fails => Required && Status == Failed;
}

/// <summary>What <c>token-gov doctor</c> looks at: agent CLIs on PATH, the settings file, the store, the model simulator.</summary>
internal static class DoctorChecks
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SimulatorTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<DoctorCheck>> AgentsAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(AgentPrograms.All.Select(agent => AgentAsync(agent.Runner, agent.Program, cancellationToken)));

    public static IReadOnlyList<DoctorCheck> Settings(string? configPath, string workingDirectory)
    {
        GovernorSettings settings;
        try
        {
            settings = SettingsLoader.Load(configPath, workingDirectory);
        }
        catch (TokenGovException error)
        {
            return [new DoctorCheck("settings", DoctorCheck.Failed, error.Message, Required: true)];
        }
        catch (TaskFileException error)
        {
            return [new DoctorCheck("settings", DoctorCheck.Failed, string.Join("; ", error.Problems.Select(problem => $"{problem.File}: {problem.Path}: {problem.Message}")), Required: true)];
        }

        List<DoctorCheck> checks = [new("settings", DoctorCheck.Ok, settings.Path ?? $"no {SettingsLoader.DefaultFileName}: defaults", Required: true)];
        foreach (var profile in settings.Runners.Values.OrderBy(profile => profile.Name, StringComparer.Ordinal))
        {
            // A profile reading a key from an unset variable fails every task that uses it; say so before a run.
            var unset = profile.Env.Values
                .Where(value => value.StartsWith("env:", StringComparison.Ordinal) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(value[4..])))
                .Select(value => value[4..])
                .ToList();
            if (unset.Count > 0)
            {
                checks.Add(new DoctorCheck($"runner {profile.Name}", DoctorCheck.Warning, $"reads {string.Join(", ", unset)} from the environment, which is not set", Required: false));
            }
        }

        return checks;
    }

    /// <summary>An existing store is opened and its schema read; a missing one is fine if its folder can be created.</summary>
    public static async Task<DoctorCheck> StoreAsync(string storePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(storePath))
        {
            var folder = Path.GetDirectoryName(storePath)!;
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
            {
                folder = parent;
            }

            return Writable(folder)
                ? new DoctorCheck("store", DoctorCheck.Ok, $"sqlite:{storePath} (not created yet; the first run creates it)", Required: true)
                : new DoctorCheck("store", DoctorCheck.Failed, $"sqlite:{storePath}: cannot create it, {folder} is not writable", Required: true);
        }

        try
        {
            await using var store = await SqliteGovernorStore.OpenAsync(storePath, TimeProvider.System, cancellationToken);
            return new DoctorCheck("store", DoctorCheck.Ok, $"{store.Description} (schema {await store.GetSchemaVersionAsync(cancellationToken)})", Required: true);
        }
        catch (Exception error) when (error is TokenGovException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return new DoctorCheck("store", DoctorCheck.Failed, error.Message, Required: true);
        }
    }

    /// <summary><c>HEAD /</c> on the simulator: any HTTP answer means it is up.</summary>
    public static async Task<DoctorCheck> SimulatorAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = SimulatorTimeout };
        try
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(url, "/")), cancellationToken);
            return new DoctorCheck("simulator", DoctorCheck.Ok, $"{url} answers HTTP {(int)response.StatusCode}", Required: true);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return new DoctorCheck("simulator", DoctorCheck.Failed, $"{url} does not answer: {error.Message}", Required: true);
        }
    }

    private static async Task<DoctorCheck> AgentAsync(string runner, string program, CancellationToken cancellationToken)
    {
        var name = $"agent {runner}";
        if (FindOnPath(program) is not { } path)
        {
            return new DoctorCheck(name, DoctorCheck.Missing, $"{program} not found on PATH", Required: false);
        }

        var (version, problem) = await VersionAsync(path, cancellationToken);
        return version is not null
            ? new DoctorCheck(name, DoctorCheck.Ok, $"{version} ({path})", Required: false)
            : new DoctorCheck(name, DoctorCheck.Failed, $"{path} --version: {problem}", Required: false);
    }

    private static async Task<(string? Version, string? Problem)> VersionAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("--version");
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (null, error.Message);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VersionTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"no answer within {VersionTimeout.TotalSeconds:0} s");
        }

        var output = FirstLine(await stdout) ?? FirstLine(await stderr);
        return process.ExitCode == 0 && output is not null ? (output, null) : (null, $"exit code {process.ExitCode}{(output is null ? "" : ": " + output)}");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(candidate => File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0));

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);

    private static bool Writable(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".token-gov-doctor-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
