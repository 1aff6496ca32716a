using System.CommandLine;
using System.Text.Json;
using TokenGovernor.Agents.Runners;
using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Loading;
using TokenGovernor.Engine.Reports;

namespace TokenGovernor.Cli.Commands;

/// <summary><c>token-gov validate</c>: every problem in the task files at once, without running anything.</summary>
internal sealed class ValidateCommand : Command
{
    private readonly Option<string[]> _tasks = CommonOptions.Tasks();
    private readonly Argument<string[]> _files = CommonOptions.TaskFiles();
    private readonly Option<string?> _reposDir = CommonOptions.ReposDir();
    private readonly Option<string?> _config = CommonOptions.Config();
    private readonly Option<string?> _filter = new("--filter") { Description = "Validate only tasks matching this id glob, plus their dependencies" };
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string> _stateDir = CommonOptions.StateDir();
    private readonly Option<string?> _store = CommonOptions.Store();

    public ValidateCommand()
        : base("validate", "Check task files: fields, types, ids, dependencies, cycles, runners, repos (exit 2 on problems)")
    {
        foreach (var option in new Option[] { _tasks, _reposDir, _config, _filter, _json, _stateDir, _store })
        {
            Options.Add(option);
        }

        Arguments.Add(_files);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var context = CommandContext.From(parse, _stateDir, _store);
        var flags = new RunFlags
        {
            TaskSpecs = [.. parse.GetValue(_tasks) ?? [], .. parse.GetValue(_files) ?? []],
            ConfigPath = parse.GetValue(_config),
            ReposDir = parse.GetValue(_reposDir),
            Filter = parse.GetValue(_filter),
        };
        var json = parse.GetValue(_json);
        try
        {
            var (_, loaded) = RunSetup.Prepare(flags, context, RunnerRegistry.CreateDefault());
            var summary = $"OK: {loaded.Selected.Count} tasks in {loaded.Set.Files.Count} file(s), {loaded.Set.Runners.Count} runner profile(s), no cycles";
            await Console.Out.WriteLineAsync(json
                ? JsonSerializer.Serialize(new { valid = true, tasks = loaded.Selected.Count, files = loaded.Set.Files, problems = Array.Empty<object>() }, ReportJson.Options)
                : summary);
            return 0;
        }
        catch (TaskFileException error) when (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { valid = false, problems = error.Problems.Select(ToJson) }, ReportJson.Options));
            return Core.ExitCodes.InputError;
        }
    }

    private static object ToJson(Problem problem) =>
        new { file = problem.File, line = problem.Line, path = problem.Path, message = problem.Message, hint = problem.Hint };
}
