using System.CommandLine;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Governance;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov task add</c>: registers a task in a project, estimating it unless told its estimate.</summary>
internal static class TaskAddCommand
{
    public static Command Create()
    {
        var project = BudgetOptions.Project(required: true);
        var package = new Option<string?>("--package") { Description = "Package id or name in the project" };
        var id = new Option<string?>("--id") { Description = "Task id (default: a new UUID)" };
        var title = new Option<string>("--title") { Description = "What the task is", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt, used to estimate the task (default: the title)" };
        var (tokens, usd) = (BudgetOptions.Tokens("Token budget (at most its package's or project's)"), BudgetOptions.Usd());
        var complexity = new Option<string?>("--complexity") { Description = $"Complexity class: {ComplexityClasses.Choices}" };
        var estimate = new Option<long?>("--estimate") { Description = "Estimated tokens (default: estimated)" };
        var difficulty = new Option<string?>("--difficulty") { Description = "tokencontrol difficulty: simple, medium or complex" };
        var score = new Option<double?>("--score") { Description = "tokencontrol difficulty score" };
        var runner = new Option<string?>("--runner") { Description = "Runner the task uses; history is matched on it" };
        var parent = new Option<string?>("--parent") { Description = "Parent task id, for a subtask" };
        var priority = new Option<int>("--priority") { Description = "Priority: higher runs first (default 0)" };
        var command = new Command("add", "Register a task in a project")
        {
            project, package, id, title, prompt, tokens, usd, complexity, estimate, difficulty, score, runner, parent, priority,
        };
        return With(command, async (parse, registry, json, ct) =>
        {
            var registration = new TaskRegistration(
                parse.GetValue(project)!, parse.GetValue(package), parse.GetValue(id), parse.GetValue(title)!, parse.GetValue(tokens), parse.GetValue(usd),
                parse.GetValue(complexity), parse.GetValue(estimate), parse.GetValue(difficulty), parse.GetValue(score), parse.GetValue(prompt),
                parse.GetValue(runner), parse.GetValue(parent), parse.GetValue(priority));
            var task = await registry.AddTaskAsync(registration, Estimator.Default, ct);
            await (json
                ? PrintJsonAsync(GovernanceViews.Task(task))
                : Console.Out.WriteLineAsync(
                    $"added task {task.Id}: {task.Estimate.Class.ToWire()}, estimate {Number(task.Estimate.Tokens)} tokens ({task.Estimate.Source.ToWire()}), budget {task.Budget.Describe()}"));
            return 0;
        });
    }
}
