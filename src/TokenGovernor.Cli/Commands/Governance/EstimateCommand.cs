using System.CommandLine;
using TokenGovernor.Core;
using TokenGovernor.Core.Governance;
using TokenGovernor.Engine.Governance;
using static TokenGovernor.Cli.Commands.Governance.GovernanceCommand;

namespace TokenGovernor.Cli.Commands.Governance;

/// <summary><c>token-gov estimate --task ID | --prompt TEXT</c>: the estimate, its source and its spread.</summary>
internal sealed class EstimateCommand : Command
{
    public EstimateCommand()
        : base("estimate", "Estimate a task's tokens, with the estimate's source and spread")
    {
        var task = new Option<string?>("--task") { Description = "A registered task's id" };
        var prompt = new Option<string?>("--prompt") { Description = "A prompt to estimate" };
        var project = BudgetOptions.Project(required: false);
        var runner = new Option<string?>("--runner") { Description = "With --prompt: runner, to match history" };
        var complexity = new Option<string?>("--complexity") { Description = $"With --prompt: complexity class ({ComplexityClasses.Choices})" };
        var difficulty = new Option<string?>("--difficulty") { Description = "With --prompt: tokencontrol difficulty" };
        var score = new Option<double?>("--score") { Description = "With --prompt: tokencontrol difficulty score" };
        foreach (var option in new Option[] { task, prompt, project, runner, complexity, difficulty, score })
        {
            Options.Add(option);
        }

        With(this, async (parse, registry, json, ct) =>
        {
            var (taskId, text) = (parse.GetValue(task), parse.GetValue(prompt));
            if ((taskId is null) == (text is null))
            {
                throw new TokenGovException("estimate: give either --task ID or --prompt TEXT");
            }

            Estimate estimate;
            if (taskId is not null)
            {
                estimate = await Estimates.ForTaskAsync(registry.Store, Estimator.Default, await registry.TaskAsync(taskId, ct), ct);
            }
            else
            {
                var projectId = parse.GetValue(project) is { } key ? (await registry.ProjectAsync(key, ct)).Id : null;
                var request = new EstimateRequest(
                    Class: Registry.ParseComplexity(parse.GetValue(complexity)), Difficulty: parse.GetValue(difficulty), Score: parse.GetValue(score), Prompt: text);
                estimate = await Estimates.EstimateAsync(registry.Store, Estimator.Default, projectId, parse.GetValue(runner), request, ct);
            }

            await (json
                ? PrintJsonAsync(GovernanceViews.Estimate(estimate))
                : Console.Out.WriteLineAsync(
                    $"{Number(estimate.Tokens)} tokens ({estimate.Source.ToWire()}{(estimate.Samples > 0 ? $", {estimate.Samples} tasks" : "")}), " +
                    $"spread {Number(estimate.Low)}–{Number(estimate.High)}, {estimate.Class.ToWire()}"));
            return 0;
        });
    }
}
