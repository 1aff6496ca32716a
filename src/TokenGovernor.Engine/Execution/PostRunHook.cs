using TokenGovernor.Agents.Processes;

namespace TokenGovernor.Engine.Execution;

/// <summary>Runs the settings' <c>post_run</c> command after the report is written, with TOKEN_GOV_RUN_DIR set.</summary>
public static class PostRunHook
{
    public const string LogFileName = "post_run.log";
    public const string StderrLogFileName = "post_run.stderr.log";

    public static async Task RunAsync(RunOptions options, string runDirectory, TimeProvider time, TextWriter diagnostics, CancellationToken forcedStop)
    {
        if (string.IsNullOrWhiteSpace(options.PostRun))
        {
            return;
        }

        var environment = new Dictionary<string, string?>
        {
            ["TOKEN_GOV_RUN_DIR"] = runDirectory,
            ["TOKENCONTROL_RUN_DIR"] = runDirectory,
        };
        var spec = new ProcessSpec("/bin/sh", ["-c", options.PostRun], options.WorkingDirectory, environment);
        var log = Path.Combine(runDirectory, LogFileName);
        var result = await ProcessSupervisor.RunAsync(spec, new ProcessLimits(TimeSpan.FromMinutes(10), null, TimeSpan.FromSeconds(5)),
            log, Path.Combine(runDirectory, StderrLogFileName), null, time, forcedStop, forcedStop);
        if (!result.Succeeded)
        {
            await diagnostics.WriteLineAsync($"warning: post_run hook failed ({result.StopDescription ?? $"exit code {result.ExitCode}"}); see {log} and {StderrLogFileName}");
        }
    }
}
