using Microsoft.Extensions.AI;

namespace TokenGovernor.Client.Tests;

public sealed class GovernedChatClientTests
{
    [Fact]
    public async Task Each_response_is_reported_a_checkpoint_request_is_surfaced_and_a_stop_throws_and_blocks_further_calls()
    {
        await using var service = await ServiceHost.StartAsync();
        await using var model = await MockModelServer.StartAsync();
        using var governor = service.NewClient();
        var project = await governor.RegisterProjectAsync(new NewProject("chat", "ops", BudgetTokens: 100_000));
        await governor.RegisterTaskAsync(new NewTask(project.Id, "answer questions", Id: "chat-1", BudgetTokens: 1000));
        using var http = new HttpClient { BaseAddress = model.Address };
        using var chat = new GovernedChatClient(new MessagesChatClient(http, "claude-sonnet-4-5"), governor, new GovernedChatOptions("chat-1", "agent-chat"));
        var checkpoints = new List<UsageDecision>();
        chat.CheckpointRequested += (_, decision) => checkpoints.Add(decision);

        var first = await chat.GetResponseAsync("one");
        var second = await chat.GetResponseAsync("two");
        var third = await chat.GetResponseAsync("three");
        var stop = await Assert.ThrowsAsync<BudgetStopException>(() => chat.GetResponseAsync("four"));
        var after = await Assert.ThrowsAsync<BudgetStopException>(() => chat.GetResponseAsync("five"));

        Assert.Equal(("answer 1", Decisions.Continue), (first.Text, first.AdditionalProperties![GovernedChatClient.DecisionProperty]));
        Assert.Equal(Decisions.Continue, second.AdditionalProperties![GovernedChatClient.DecisionProperty]);
        Assert.Equal(Decisions.RequestCheckpoint, third.AdditionalProperties![GovernedChatClient.DecisionProperty]);
        Assert.Equal(100, Assert.Single(checkpoints).Remaining[0].TokensLeft);
        Assert.Equal(Decisions.Stop, stop.Decision.Decision);
        Assert.Equal("answer 4", Assert.IsType<ChatResponse>(stop.Response).Text);
        Assert.Equal(Decisions.Stop, after.Decision.Decision);
        Assert.Equal(4, model.Calls);
        var status = await governor.GetStatusAsync("agent", "agent-chat");
        Assert.Equal((1200L, "paused"), (status.Spent, status.State));
    }

    [Fact]
    public async Task Streaming_responses_are_reported_from_their_usage_content()
    {
        await using var service = await ServiceHost.StartAsync();
        await using var model = await MockModelServer.StartAsync();
        model.InputPerCall = 40;
        model.OutputPerCall = 2;
        using var governor = service.NewClient();
        var project = await governor.RegisterProjectAsync(new NewProject("stream", "ops", BudgetTokens: 100_000));
        await governor.RegisterTaskAsync(new NewTask(project.Id, "stream", Id: "s-1"));
        using var http = new HttpClient { BaseAddress = model.Address };
        using var chat = new GovernedChatClient(new MessagesChatClient(http, "claude-haiku-4-5"), governor, new GovernedChatOptions("s-1", "agent-s"));

        var text = string.Concat(await chat.GetStreamingResponseAsync("hi").Select(update => update.Text).ToListAsync());

        Assert.Equal("answer 1", text);
        Assert.Equal(Decisions.Continue, chat.LastDecision!.Decision);
        var usage = Assert.Single(await governor.GetUsageAsync(group: "model"));
        Assert.Equal(("claude-haiku-4-5", 40L, 2L), (usage.Key, usage.InputTokens, usage.OutputTokens));
    }
}
