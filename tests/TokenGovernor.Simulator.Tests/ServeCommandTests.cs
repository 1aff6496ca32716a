using System.Text;
using System.Text.Json.Nodes;
using TokenGovernor.Simulator.Tests.Infrastructure;

namespace TokenGovernor.Simulator.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("token-gov-sim-").FullName;

    [Fact]
    public async Task Serve_prints_its_URL_answers_on_loopback_logs_usage_and_stops_on_SIGTERM()
    {
        File.WriteAllText(Path.Combine(_folder, "scenario.json"), Scenarios.Write);
        using var serve = TokenGovProcess.Start(_folder, "simulator", "serve", "--scenario", "scenario.json", "--port", "0", "--log", "requests.jsonl");

        var url = await serve.WaitForUrlAsync();
        using var client = new HttpClient { BaseAddress = url };
        using var response = await client.PostAsync("/v1/messages", new StringContent(Requests.Anthropic(stream: false).ToJsonString(), Encoding.UTF8, "application/json"));
        var totals = JsonNode.Parse(await client.GetStringAsync("/_sim/usage"))!;
        serve.Terminate();
        var exit = await serve.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(0, url.Port);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, exit);
        Assert.Equal(1, (int)totals["answers"]!);
        Assert.Equal(1500, (long)totals["input_tokens"]!);
        Assert.Equal(4000, (long)totals["cache_read_input_tokens"]!);
        Assert.Contains("Simulator stopped; served: {\"requests\":1,\"answers\":1,\"input_tokens\":1500,\"output_tokens\":80", serve.Stderr);
        var line = JsonNode.Parse(File.ReadAllLines(Path.Combine(_folder, "requests.jsonl")).Single())!;
        Assert.Equal("anthropic", (string)line["api"]!);
        Assert.Equal(1500, (long)line["usage"]!["input_tokens"]!);
        Assert.Equal(80, (long)line["usage"]!["output_tokens"]!);
        Assert.Equal("Write", (string)line["resolved_calls"]![0]!["name"]!);
    }

    [Theory]
    [InlineData("[\n  \"hi\",\n  {\"text\": \"x\", \"acton\": \"shell\"}\n]", "scenario.json:3: [1].acton: unknown field \"acton\"")]
    [InlineData("{\n  \"turns\": [\n    {\"action\": \"write_file\", \"path\": \"a\"}\n  ]\n}", "scenario.json:3: turns[0].content: \"content\" is required")]
    [InlineData("{\n  \"turns\": [\n    {\"error\": \"teapot\"}\n  ]\n}", "scenario.json:3: turns[0].error: unknown error \"teapot\"")]
    [InlineData("{\n  \"scenarios\": {\n    \"x\": [\n      {\"text\": \"a\",\n       \"usage\": {\"input_tokens\": -5}}]}}", "scenario.json:5: scenarios.x[0].usage.input_tokens: expected a whole number")]
    [InlineData("[\n  \"hi\",,\n]", "scenario.json:2: not valid JSON")]
    public async Task Bad_scenario_file_is_exit_2_naming_file_line_and_field(string content, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "scenario.json"), content);
        using var serve = TokenGovProcess.Start(_folder, "simulator", "serve", "--scenario", "scenario.json", "--port", "0");

        var exit = await serve.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains(expected, serve.Stderr);
        Assert.Equal(string.Empty, serve.Stdout);
    }

    [Fact]
    public async Task Missing_scenario_file_is_exit_2_naming_it()
    {
        using var serve = TokenGovProcess.Start(_folder, "simulator", "serve", "--scenario", "nowhere.json");

        var exit = await serve.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("nowhere.json: cannot read the scenario file", serve.Stderr);
    }

    [Fact]
    public async Task A_port_already_in_use_is_exit_1_naming_the_address()
    {
        File.WriteAllText(Path.Combine(_folder, "scenario.json"), "[\"hi\"]");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        using var serve = TokenGovProcess.Start(_folder, "simulator", "serve", "--scenario", "scenario.json", "--port", port.ToString());

        var exit = await serve.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", serve.Stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
