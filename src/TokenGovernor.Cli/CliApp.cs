using System.CommandLine;
using TokenGovernor.Cli.Commands;
using TokenGovernor.Cli.Commands.Governance;
using TokenGovernor.Cli.Commands.Service;
using TokenGovernor.Core;
using TokenGovernor.Engine.Loading;

namespace TokenGovernor.Cli;

/// <summary>The composition root: builds the command tree and turns errors into exit codes.</summary>
public static class CliApp
{
    private const string Description = "token-gov — runs AI coding agents as a dependency DAG and governs the tokens they spend.";

    public static RootCommand Build()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(new RunCommand());
        root.Subcommands.Add(new ValidateCommand());
        root.Subcommands.Add(new RerunCommand());
        root.Subcommands.Add(new StatusCommand());
        root.Subcommands.Add(new StateCommand());
        root.Subcommands.Add(new UnlockCommand());
        root.Subcommands.Add(new UsageCommand());
        root.Subcommands.Add(new MeasureCommand());
        root.Subcommands.Add(new VersionCommand());
        root.Subcommands.Add(new RegisterCommand());
        root.Subcommands.Add(new ProjectCommand());
        root.Subcommands.Add(new PackageCommand());
        root.Subcommands.Add(new TaskCommand());
        root.Subcommands.Add(new EstimateCommand());
        root.Subcommands.Add(new ConfigCommand());
        root.Subcommands.Add(new GraylistCommand());
        root.Subcommands.Add(new DoctorCommand());
        root.Subcommands.Add(new SimulatorCommand());
        root.Subcommands.Add(new SchedulerCommand());
        root.Subcommands.Add(new ServeCommand());
        root.Subcommands.Add(new ApiKeyCommand());
        root.Subcommands.Add(new WebhookCommand());
        root.Subcommands.Add(new ErrorsCommand());
        return root;
    }

    /// <summary>
    /// The tree for one command line: <c>measure</c>, which is run often and over unchanged logs should cost little more
    /// than process start-up, gets a root holding only itself (same options, errors and output); everything else the full tree.
    /// </summary>
    public static RootCommand Build(string[] args)
    {
        if (args is ["measure", ..])
        {
            var root = new RootCommand(Description);
            root.Subcommands.Add(new MeasureCommand());
            return root;
        }

        return Build();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build(args).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'token-gov --help' for usage.");
            return ExitCodes.InputError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (TaskFileException error)
        {
            Output.ProblemPrinter.Print(Console.Error, error.Problems);
            return ExitCodes.InputError;
        }
        catch (TokenGovException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return error.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The last line of defence: say what broke instead of a runtime crash dump.
        catch (Exception error)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"error: unexpected failure: {error.Message}");
            await Console.Error.WriteLineAsync(Environment.GetEnvironmentVariable("TOKEN_GOV_DEBUG") is null
                ? "Set TOKEN_GOV_DEBUG=1 to see the stack trace, and please report it."
                : error.ToString());
            return ExitCodes.TaskFailed;
        }
    }
}
