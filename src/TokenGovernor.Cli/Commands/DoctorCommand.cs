using System.CommandLine;
using System.Text.Json;
using TokenGovernor.Core;
using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary>
/// <c>token-gov doctor</c>: which agent CLIs are on PATH (with their versions), whether the settings are valid, the
/// store reachable and, with <c>--simulator URL</c>, the model simulator answering. Exit 0 when every required
/// check passes (a missing agent CLI only informs), 1 when one fails.
/// </summary>
internal sealed class DoctorCommand : Command
{
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();
    private readonly Option<string?> _config = CommonOptions.Config();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string?> _simulator = new("--simulator") { Description = "Also check that the model simulator at this URL answers (HEAD /)" };

    public DoctorCommand()
        : base("doctor", "Check agent CLIs, settings, store and simulator")
    {
        Options.Add(_config);
        Options.Add(_stateDir);
        Options.Add(_store);
        Options.Add(_simulator);
        Options.Add(_json);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Uri? simulator = null;
        if (parse.GetValue(_simulator) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out simulator) || simulator.Scheme is not ("http" or "https")))
        {
            throw new TokenGovException($"--simulator \"{url}\" is not an http:// or https:// URL, e.g. http://127.0.0.1:18181");
        }

        var context = CommandContext.From(parse, _stateDir, _store);
        List<DoctorCheck> checks = [.. await DoctorChecks.AgentsAsync(cancellationToken)];
        checks.AddRange(DoctorChecks.Settings(parse.GetValue(_config), context.WorkingDirectory));
        checks.Add(await DoctorChecks.StoreAsync(context.StorePath, cancellationToken));
        if (simulator is not null)
        {
            checks.Add(await DoctorChecks.SimulatorAsync(simulator, cancellationToken));
        }

        var healthy = !checks.Any(check => check.Fails);
        if (parse.GetValue(_json))
        {
            var view = new { ok = healthy, checks = checks.Select(check => new { check = check.Name, status = check.Status, detail = check.Detail, required = check.Required }) };
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, ReportJson.Options));
        }
        else
        {
            var width = checks.Max(check => check.Name.Length);
            foreach (var check in checks)
            {
                await Console.Out.WriteLineAsync($"{check.Status,-8} {check.Name.PadRight(width)}  {check.Detail}");
            }

            await Console.Out.WriteLineAsync(healthy ? "doctor: everything required is in order" : "doctor: some required checks failed (see above)");
        }

        return healthy ? ExitCodes.Success : ExitCodes.TaskFailed;
    }
}
