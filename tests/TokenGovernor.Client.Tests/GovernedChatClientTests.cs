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

    [Fact]
    public async Task A_report_the_governor_refuses_for_a_moment_is_sent_again_after_retry_after_and_counted_once()
    {
        await using var service = await ServiceHost.StartAsync();
        await using var governorFront = await UnavailableGovernor.StartAsync(service.Address);
        await using var model = await MockModelServer.StartAsync();
        using var governor = new TokenGovernorClient(governorFront.Address, service.AdminKey);
        var project = await governor.RegisterProjectAsync(new NewProject("retry", "ops", BudgetTokens: 100_000));
        await governor.RegisterTaskAsync(new NewTask(project.Id, "retry", Id: "r-1"));
        using var http = new HttpClient { BaseAddress = model.Address };
        using var chat = new GovernedChatClient(new MessagesChatClient(http, "claude-sonnet-4-5"), governor, new GovernedChatOptions("r-1", "agent-r"));

        governorFront.Refusing = 2;
        var response = await chat.GetResponseAsync("one");

        Assert.Equal("answer 1", response.Text);
        Assert.Equal(2, governorFront.Refused);
        Assert.Equal(Decisions.Continue, chat.LastDecision!.Decision);
        Assert.Equal(300L, (await governor.GetStatusAsync("task", "r-1")).Spent);
    }

    [Fact]
    public async Task A_response_whose_usage_cannot_be_reported_is_kept_and_its_usage_goes_first_on_the_next_call_counted_once()
    {
        await using var service = await ServiceHost.StartAsync();
        await using var governorFront = await UnavailableGovernor.StartAsync(service.Address);
        await using var model = await MockModelServer.StartAsync();
        using var governor = new TokenGovernorClient(governorFront.Address, service.AdminKey);
        var project = await governor.RegisterProjectAsync(new NewProject("down", "ops", BudgetTokens: 100_000));
        await governor.RegisterTaskAsync(new NewTask(project.Id, "down", Id: "d-1"));
        using var http = new HttpClient { BaseAddress = model.Address };
        var options = new GovernedChatOptions("d-1", "agent-d", MaxReportWait: TimeSpan.FromMilliseconds(500));
        using var chat = new GovernedChatClient(new MessagesChatClient(http, "claude-sonnet-4-5"), governor, options);
        await chat.GetResponseAsync("one");

        governorFront.Refusing = 1000;
        var kept = await Assert.ThrowsAsync<UsageNotReportedException>(() => chat.GetResponseAsync("two"));
        var still = await Assert.ThrowsAsync<UsageNotReportedException>(() => chat.GetResponseAsync("three"));

        Assert.Equal("answer 2", Assert.IsType<ChatResponse>(kept.Response).Text);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, Assert.IsType<TokenGovernorException>(kept.InnerException).Status);
        Assert.NotNull(kept.Usage.Id);
        Assert.Equal((kept.Usage.Id, 300L), (still.Usage.Id, still.Usage.InputTokens));
        Assert.Null(still.Response);
        Assert.Equal(2, model.Calls);

        governorFront.Refusing = 0;
        // The one-event retry path and the next call's own report: the kept usage counted once, then answer 3.
        await governor.ReportUsageAsync(kept.Usage);
        var third = await chat.GetResponseAsync("three");

        Assert.Equal("answer 3", third.Text);
        Assert.Equal(3, model.Calls);
        Assert.Equal(900L, (await governor.GetStatusAsync("task", "d-1")).Spent);
    }
}
