using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TokenGovernor.Core;
using TokenGovernor.Engine.Governance;
using TokenGovernor.Engine.Service;
using TokenGovernor.Engine.Service.Workers;
using TokenGovernor.Server;
using TokenGovernor.Storage;

namespace TokenGovernor.Cli.Commands.Service;

/// <summary><c>token-gov serve</c>: the governor as a long-running service over the store (REST API, live feed, webhooks).</summary>
internal sealed class ServeCommand : Command
{
    public ServeCommand()
        : base("serve", "Run the governor as a service: REST API, live feed (SSE), webhooks, the scheduler and the workers")
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (default http://127.0.0.1:7070; port 0 picks a free one)", DefaultValueFactory = _ => "http://127.0.0.1:7070" };
        var agentRate = new Option<int>("--agent-rate") { Description = "POST /usage calls per agent per minute (default 5; 0 = no limit)", DefaultValueFactory = _ => 5 };
        var keyRate = new Option<int>("--key-rate") { Description = "Requests per API key per minute (default 6000; 0 = no limit)", DefaultValueFactory = _ => 6000 };
        var retryDelay = new Option<string>("--webhook-retry-delay") { Description = "First retry delay of a failed webhook delivery, doubled each retry (default 1s)", DefaultValueFactory = _ => "1s" };
        var workers = new Option<int>("--workers", "-w") { Description = "Agents run at once across every submitted run (default 4)", DefaultValueFactory = _ => 4 };
        var noWorkers = new Option<bool>("--no-workers") { Description = "Run no work in this process: POST /runs is stored for a later serve, and the scheduler does not resume paused tasks" };
        var (stateDir, store) = (CommonOptions.StateDir(), CommonOptions.Store());
        Options.Add(urls);
        Options.Add(workers);
        Options.Add(noWorkers);
        Options.Add(agentRate);
        Options.Add(keyRate);
        Options.Add(retryDelay);
        Options.Add(stateDir);
        Options.Add(store);
        SetAction(async (parse, cancellationToken) =>
        {
            FileSizeSignal.IgnoreOnLinux();
            // A service lives on: under TOKEN_GOV_NOW its clock starts there and moves, as a run's does.
            var time = GovernorClock.FromEnvironment(Environment.GetEnvironmentVariable, moving: true);
            var urlList = parse.GetValue(urls)!;
            EnsureUrls(urlList);
            if (parse.GetValue(agentRate) < 0 || parse.GetValue(keyRate) < 0)
            {
                throw new TokenGovException("--agent-rate and --key-rate: give a number of calls per minute, 0 or more");
            }

            if (parse.GetValue(workers) < 1)
            {
                throw new TokenGovException($"--workers must be at least 1, not {parse.GetValue(workers)}");
            }

            var delay = Durations.Parse(parse.GetValue(retryDelay)!, "--webhook-retry-delay");
            var context = CommandContext.From(parse, stateDir, store);
            await using var opened = await SqliteGovernorStore.OpenAsync(context.StorePath, time, cancellationToken);
            await using var checkpoints = await opened.CheckpointInBackgroundAsync(TimeSpan.FromMilliseconds(250), SqliteGovernorStore.DefaultRestartAfterBytes, cancellationToken);
            var workerOptions = new RunWorkersOptions
            {
                Workers = parse.GetValue(workers),
                StateDirectory = context.StateDirectory,
                WorkingDirectory = context.WorkingDirectory,
                Diagnostics = Console.Error,
            };
            var app = GovernorServer.Build(new GovernorServerOptions
            {
                Urls = urlList,
                Store = opened,
                Time = time,
                AgentCallsPerMinute = parse.GetValue(agentRate),
                KeyCallsPerMinute = parse.GetValue(keyRate),
                WebhookRetryDelay = delay,
                ConfigureWorkers = services => AddWorkers(services, opened, time, workerOptions, run: !parse.GetValue(noWorkers)),
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

                await Console.Error.WriteLineAsync(parse.GetValue(noWorkers)
                    ? "token-gov serve: no workers; submitted runs wait for a serve with workers"
                    : $"token-gov serve: {workerOptions.Workers} worker(s); the scheduler resumes paused work when its budget has room");

                await app.WaitForShutdownAsync(cancellationToken);
            }

            await Console.Error.WriteLineAsync("token-gov serve: stopped");
            return ExitCodes.Success;
        });
    }

    /// <summary>The workers and the scheduler, as hosted services next to the API; with <paramref name="run"/> false, submissions are only stored.</summary>
    private static void AddWorkers(IServiceCollection services, IGovernorStore store, TimeProvider time, RunWorkersOptions options, bool run)
    {
        services.AddSingleton(options);
        services.AddSingleton(provider => new RunWorkers(store, provider.GetRequiredService<GovernorEvents>(), time, options));
        if (run)
        {
            services.AddHostedService(provider => provider.GetRequiredService<RunWorkers>());
            services.AddHostedService<ResumeScheduler>();
        }
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
