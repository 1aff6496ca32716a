using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using TokenGovernor.Cli.Commands.Governance;
using TokenGovernor.Core;
using TokenGovernor.Server;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary><c>token-gov serve</c>: the governor as a long-running service over the store (REST API, live feed, webhooks).</summary>
internal sealed class ServeCommand : Command
{
    public ServeCommand()
        : base("serve", "Run the governor as a service: REST API, live feed (SSE), webhooks")
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (default http://127.0.0.1:7070; port 0 picks a free one)", DefaultValueFactory = _ => "http://127.0.0.1:7070" };
        var agentRate = new Option<int>("--agent-rate") { Description = "POST /usage calls per agent per minute (default 5; 0 = no limit)", DefaultValueFactory = _ => 5 };
        var keyRate = new Option<int>("--key-rate") { Description = "Requests per API key per minute (default 6000; 0 = no limit)", DefaultValueFactory = _ => 6000 };
        var retryDelay = new Option<string>("--webhook-retry-delay") { Description = "First retry delay of a failed webhook delivery, doubled each retry (default 1s)", DefaultValueFactory = _ => "1s" };
        var (stateDir, store) = (CommonOptions.StateDir(), CommonOptions.Store());
        Options.Add(urls);
        Options.Add(agentRate);
        Options.Add(keyRate);
        Options.Add(retryDelay);
        Options.Add(stateDir);
        Options.Add(store);
        SetAction(async (parse, cancellationToken) =>
        {
            var time = GovernanceCommand.Clock();
            var urlList = parse.GetValue(urls)!;
            EnsureUrls(urlList);
            if (parse.GetValue(agentRate) < 0 || parse.GetValue(keyRate) < 0)
            {
                throw new TokenGovException("--agent-rate and --key-rate: give a number of calls per minute, 0 or more");
            }

            var delay = Durations.Parse(parse.GetValue(retryDelay)!, "--webhook-retry-delay");
            await using var opened = await SqliteGovernorStore.OpenAsync(CommandContext.From(parse, stateDir, store).StorePath, time, cancellationToken);
            await using var checkpoints = await opened.CheckpointInBackgroundAsync(TimeSpan.FromSeconds(1), cancellationToken);
            var app = GovernorServer.Build(new GovernorServerOptions
            {
                Urls = urlList,
                Store = opened,
                Time = time,
                AgentCallsPerMinute = parse.GetValue(agentRate),
                KeyCallsPerMinute = parse.GetValue(keyRate),
                WebhookRetryDelay = delay,
            });
            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (IOException error)
                {
                    throw new TokenGovException($"--urls: cannot listen on {urlList}: {error.Message}");
                }

                foreach (var address in app.Addresses())
                {
                    await Console.Error.WriteLineAsync($"token-gov serve: listening on {address} (store {opened.Description})");
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            await Console.Error.WriteLineAsync("token-gov serve: stopped");
            return ExitCodes.Success;
        });
    }

    private static void EnsureUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new TokenGovException($"--urls: \"{url}\" is not an http URL like http://127.0.0.1:7070");
            }

            if (!uri.IsLoopback && !(IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))
            {
                Console.Error.WriteLine($"warning: {url} is not a loopback address; the API is reachable from other machines");
            }
        }
    }
}
