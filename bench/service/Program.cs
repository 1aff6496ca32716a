using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

// The service benchmark: N concurrent clients post usage events to a real `token-gov serve` on SQLite for a
// fixed time; reports events per second, p50/p99 latency of POST /usage, and whether the ledger holds every
// event that was acknowledged. See bench/README.md.
var options = Args.Parse(args);
var folder = Directory.CreateTempSubdirectory("tg-service-bench-").FullName;
var store = Path.Combine(folder, "governor.db");
try
{
    var key = (await Run("apikey", "create", "--name", "bench", "--store", store)).Trim();
    using var serve = Start(["serve", "--urls", "http://127.0.0.1:0", "--store", store, "--agent-rate", "0", "--key-rate", "0"]);
    var url = await ListeningAsync(serve);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(30),
    };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    var project = await http.PostAsJsonAsync("/projects/register", new { name = "bench", owner = "bench", tier = 1, budget_tokens = 1_000_000_000_000_000L });
    project.EnsureSuccessStatusCode();
    for (var index = 0; index < options.Clients; index++)
    {
        (await http.PostAsJsonAsync("/tasks/register", new { project = "bench", id = $"task-{index}", title = $"bench task {index}" })).EnsureSuccessStatusCode();
    }

    // Warm-up at full load for a few seconds: JIT (tiered up to optimised code), connection pool, caches.
    var warmUntil = Stopwatch.GetTimestamp() + (long)(options.Warmup * Stopwatch.Frequency);
    var warmed = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(index => Task.Run(async () =>
    {
        var sent = 0;
        while (Stopwatch.GetTimestamp() < warmUntil || sent == 0)
        {
            sent += await PostAsync(http, index, -1 - sent) ? 1 : 0;
        }

        return sent;
    })));

    var stealBefore = MachineTicks();
    var serverCpuBefore = CpuSeconds(serve.Id);
    var clientCpuBefore = CpuSeconds(Environment.ProcessId);
    Console.Error.WriteLine($"bench: {options.Clients} clients posting usage for {options.Seconds} s to {url} …");
    var start = Stopwatch.GetTimestamp();
    var deadline = start + (long)(options.Seconds * Stopwatch.Frequency);
    // Back to back (closed loop): each client sends its next request when the last is answered, which finds the
    // most the server can take. Paced (--rate): each client sends on a fixed schedule, and a request's latency is
    // counted from when it was due, so a server that falls behind is charged for the wait it causes.
    var interval = options.Rate > 0 ? (long)(Stopwatch.Frequency * (double)options.Clients / options.Rate) : 0;
    var results = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(index => Task.Run(async () =>
    {
        var latencies = new List<double>(64 * 1024);
        var lags = new List<double>(interval > 0 ? 64 * 1024 : 0);
        var fromSend = new List<double>(interval > 0 ? 64 * 1024 : 0);
        var failures = 0;
        var sequence = 1;
        var due = start + (interval == 0 ? 0 : interval * index / options.Clients);
        while (due < deadline && Stopwatch.GetTimestamp() < deadline)
        {
            if (interval > 0)
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }
            }

            var before = interval > 0 ? due : Stopwatch.GetTimestamp();
            var sent = Stopwatch.GetTimestamp();
            if (interval > 0)
            {
                lags.Add(Math.Max(0, Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds));
            }

            if (await PostAsync(http, index, sequence++))
            {
                latencies.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                if (interval > 0)
                {
                    fromSend.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            }
            else
            {
                failures++;
            }

            due += interval;
        }

        return (latencies, failures, lags, fromSend);
    })));
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var serverCpu = CpuSeconds(serve.Id) - serverCpuBefore;
    var stealAfter = MachineTicks();
    var clientCpu = CpuSeconds(Environment.ProcessId) - clientCpuBefore;
    var all = results.SelectMany(result => result.latencies).Order().ToArray();
    var lagged = results.SelectMany(result => result.lags).Order().ToArray();
    var sentToAnswered = results.SelectMany(result => result.fromSend).Order().ToArray();
    var acknowledged = all.Length + warmed.Sum(); // plus the warm-up
    var metrics = await http.GetStringAsync("/metrics");
    var ledger = long.Parse(Regex.Match(metrics, @"token_gov_usage_events_total (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    var report = new
    {
        mode = options.Rate > 0 ? "paced" : "back-to-back",
        offered_events_per_second = options.Rate > 0 ? options.Rate : (int?)null,
        clients = options.Clients,
        seconds = Math.Round(elapsed, 2),
        events = all.Length,
        failures = results.Sum(result => result.failures),
        events_per_second = Math.Round(all.Length / elapsed),
        p50_ms = Math.Round(Percentile(all, 0.50), 2),
        p99_ms = Math.Round(Percentile(all, 0.99), 2),
        max_ms = Math.Round(all.Length == 0 ? 0 : all[^1], 2),
        // Paced: how late the load generator itself sent, counted in the latencies above (its own scheduling, not the server's).
        send_lag_p99_ms = lagged.Length == 0 ? (double?)null : Math.Round(Percentile(lagged, 0.99), 2),
        // Paced: latency from when each request actually left, without the generator's own lateness.
        p99_from_send_ms = sentToAnswered.Length == 0 ? (double?)null : Math.Round(Percentile(sentToAnswered, 0.99), 2),
        server_cpu_seconds = Math.Round(serverCpu, 2),
        server_cpu_us_per_event = all.Length == 0 ? 0 : Math.Round(serverCpu * 1e6 / all.Length, 1),
        client_cpu_seconds = Math.Round(clientCpu, 2),
        load_average = File.ReadAllText("/proc/loadavg").Split(' ')[0],
        // Time the hypervisor gave this machine's CPUs to others while the run had work for them: results with much
        // of it are not comparable with quiet runs.
        cpu_steal_percent = Math.Round(100.0 * (stealAfter.Steal - stealBefore.Steal) / Math.Max(1, stealAfter.Total - stealBefore.Total), 1),
        acknowledged,
        ledger_events = ledger,
        nothing_lost = ledger == acknowledged,
    };
    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    _ = Kill(serve.Id, 15);
    await serve.WaitForExitAsync();
    return report.nothing_lost && report.failures == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<bool> PostAsync(HttpClient http, int client, int sequence)
{
    using var response = await http.PostAsJsonAsync("/usage", new
    {
        task_id = $"task-{client}",
        agent_id = $"agent-{client}",
        model = "claude-sonnet-4-5",
        input_tokens = 1200 + (sequence % 7),
        output_tokens = 300,
        cache_read_tokens = 5000,
    });
    return response.IsSuccessStatusCode;
}

// utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s).
static double CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

// The machine's CPU time from /proc/stat's first line, in clock ticks: all of it, and the part stolen (8th value).
static (long Total, long Steal) MachineTicks()
{
    var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
    return (values.Take(8).Sum(), values.Length > 7 ? values[7] : 0);
}

static double Percentile(double[] sorted, double share) =>
    sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];

static Process Start(IEnumerable<string> arguments)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
    start.ArgumentList.Add(Args.TokenGovDll);
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    return Process.Start(start)!;
}

static async Task<string> Run(params string[] arguments)
{
    using var process = Start(arguments);
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"token-gov {string.Join(' ', arguments)} failed: {await process.StandardError.ReadToEndAsync()}");
}

static async Task<Uri> ListeningAsync(Process serve)
{
    while (await serve.StandardError.ReadLineAsync() is { } line)
    {
        if (Regex.Match(line, @"listening on (http://\S+)") is { Success: true } match)
        {
            _ = serve.StandardError.ReadToEndAsync();
            return new Uri(match.Groups[1].Value);
        }
    }

    throw new InvalidOperationException("serve exited before listening");
}

[System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
static extern int Kill(int pid, int signal);

internal sealed record Args(int Clients, double Seconds, double Warmup, int Rate)
{
    public static string TokenGovDll { get; private set; } = "";

    public static Args Parse(string[] args)
    {
        var (clients, seconds, warmup, rate) = (100, 60.0, 5.0, 0);
        for (var index = 0; index < args.Length; index += 2)
        {
            switch (args[index])
            {
                case "--clients": clients = int.Parse(args[index + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[index + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(args[index + 1], CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(args[index + 1], CultureInfo.InvariantCulture); break;
                case "--token-gov": TokenGovDll = Path.GetFullPath(args[index + 1]); break;
                default: throw new ArgumentException($"unknown argument {args[index]}; use --clients N --seconds S --warmup S [--rate EVENTS_PER_SECOND] --token-gov path/to/token-gov.dll");
            }
        }

        return File.Exists(TokenGovDll) ? new Args(clients, seconds, warmup, rate) : throw new ArgumentException("--token-gov: give the path of token-gov.dll");
    }
}
