using System.CommandLine;
using TokenGovernor.Cli.Commands.Governance;
using TokenGovernor.Core;
using TokenGovernor.Engine.Service;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary>What the service's admin commands share: an open store, and refusals printed as user errors.</summary>
internal static class ServiceCommands
{
    public static Command With(Command command, Func<ParseResult, ServiceAdmin, IGovernorStore, bool, CancellationToken, Task<int>> action)
    {
        var (stateDir, store, json) = (CommonOptions.StateDir(), CommonOptions.Store(), CommonOptions.Json());
        command.Options.Add(stateDir);
        command.Options.Add(store);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var time = GovernanceCommand.Clock();
            await using var opened = await SqliteGovernorStore.OpenAsync(CommandContext.From(parse, stateDir, store).StorePath, time, cancellationToken);
            try
            {
                return await action(parse, new ServiceAdmin(opened, time), opened, parse.GetValue(json), cancellationToken);
            }
            catch (ServiceException error)
            {
                throw new TokenGovException(error.Message, error);
            }
        });
        return command;
    }
}
