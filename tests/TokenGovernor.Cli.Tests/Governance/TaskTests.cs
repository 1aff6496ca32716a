namespace TokenGovernor.Cli.Tests.Governance;

public sealed class TaskTests : IDisposable
{
    private readonly GovernanceSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async Task SetUpAsync()
    {
        await _sandbox.JsonAsync("register", "--name", "checkout", "--owner", "alice", "--budget", "100000");
        await _sandbox.JsonAsync("package", "add", "--project", "checkout", "--name", "payments", "--budget", "40000");
    }

    [Fact]
    public async Task An_added_task_is_pending_with_its_estimate_and_source()
    {
        await SetUpAsync();

        var explicitTask = await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--package", "payments", "--id", "a", "--title", "A", "--estimate", "7000", "--budget", "20000");
        var byDifficulty = await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "b", "--title", "B", "--difficulty", "simple", "--score", "3");
        var byClass = await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "c", "--title", "C", "--complexity", "very-complex");

        Assert.Equal(("pending", "none"), ((string?)explicitTask["state"], (string?)explicitTask["checkpoint"]));
        Assert.Equal((7000L, "explicit", "very-complex"), ((long)explicitTask["estimate"]!["tokens"]!, (string?)explicitTask["estimate"]!["source"], (string?)explicitTask["complexity"]));
        Assert.Equal((900L, "difficulty", "simple"), ((long)byDifficulty["estimate"]!["tokens"]!, (string?)byDifficulty["estimate"]!["source"], (string?)byDifficulty["complexity"]));
        Assert.Equal((10_000L, "heuristic"), ((long)byClass["estimate"]!["tokens"]!, (string?)byClass["estimate"]!["source"]));
    }

    [Fact]
    public async Task Pause_resume_and_cancel_change_the_state_and_each_change_is_recorded()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "T1");

        var paused = await _sandbox.JsonAsync("task", "pause", "t1", "--reason", "waiting for review");
        var resumed = await _sandbox.JsonAsync("task", "resume", "t1");
        await _sandbox.JsonAsync("task", "cancel", "t1");
        var show = await _sandbox.JsonAsync("task", "show", "t1");

        Assert.Equal("paused", (string?)paused["state"]);
        Assert.Equal("ready", (string?)resumed["state"]);
        Assert.Equal("cancelled", (string?)show["task"]!["state"]);
        Assert.Equal(
            ["pending→paused: waiting for review", "paused→ready: resume by hand", "ready→cancelled: cancel by hand"],
            show["transitions"]!.AsArray().Select(change => $"{change!["from"]}→{change["to"]}: {change["reason"]}"));
    }

    [Fact]
    public async Task Resuming_a_task_that_is_not_paused_is_a_clear_error()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "T1");

        var error = await _sandbox.FailsAsync("task", "resume", "t1");

        Assert.Contains("task \"t1\" is pending, not paused; only a paused task can be resumed", error);
    }

    [Fact]
    public async Task A_finished_task_cannot_be_paused_cancelled_or_checkpointed()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "T1");
        await _sandbox.JsonAsync("task", "cancel", "t1");

        Assert.Contains("task \"t1\" is cancelled; a finished task cannot be paused", await _sandbox.FailsAsync("task", "pause", "t1"));
        Assert.Contains("cannot be cancelled", await _sandbox.FailsAsync("task", "cancel", "t1"));
        Assert.Contains("cannot be checkpointed", await _sandbox.FailsAsync("task", "checkpoint", "t1"));
    }

    [Fact]
    public async Task Checkpoint_marks_the_checkpoint_as_requested_and_leaves_the_state()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "T1");

        var result = await _sandbox.RunAsync("task", "checkpoint", "t1");
        var task = (await _sandbox.JsonAsync("task", "show", "t1"))["task"]!;

        Assert.Contains("checkpoint requested for t1", result.Stdout);
        Assert.Equal(("pending", "requested"), ((string?)task["state"], (string?)task["checkpoint"]));
    }

    [Fact]
    public async Task List_filters_by_project_and_state()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("register", "--name", "docs", "--owner", "bob", "--budget", "1000");
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "a", "--title", "A");
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "b", "--title", "B");
        await _sandbox.JsonAsync("task", "add", "--project", "docs", "--id", "c", "--title", "C");
        await _sandbox.JsonAsync("task", "pause", "b");

        var checkout = await _sandbox.JsonAsync("task", "list", "--project", "checkout");
        var paused = await _sandbox.JsonAsync("task", "list", "--state", "paused");

        Assert.Equal(["a", "b"], checkout.AsArray().Select(task => (string?)task!["id"]));
        Assert.Equal(["b"], paused.AsArray().Select(task => (string?)task!["id"]));
        Assert.Contains("state: \"asleep\" is not a task state", await _sandbox.FailsAsync("task", "list", "--state", "asleep"));
    }

    [Theory]
    [InlineData("--budget", "50000", "budget: 50,000 tokens is above the budget of package \"payments\" (40,000 tokens)")]
    [InlineData("--budget", "-3", "budget: -3 is not a budget")]
    [InlineData("--estimate", "-3", "estimate: -3 is not an estimate")]
    [InlineData("--complexity", "huge", "complexity: \"huge\" is not a complexity class; use simple, complex, very-complex")]
    [InlineData("--parent", "ghost", "task: no task \"ghost\"")]
    public async Task Bad_task_input_is_refused_naming_the_field(string option, string value, string message)
    {
        await SetUpAsync();

        var error = await _sandbox.FailsAsync("task", "add", "--project", "checkout", "--package", "payments", "--id", "x", "--title", "X", option, value);

        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Unknown_ids_and_duplicate_tasks_are_usage_errors()
    {
        await SetUpAsync();
        await _sandbox.JsonAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "T1");

        Assert.Contains("id: A task with id 't1' already exists.", await _sandbox.FailsAsync("task", "add", "--project", "checkout", "--id", "t1", "--title", "again"));
        Assert.Contains("task: no task \"ghost\"", await _sandbox.FailsAsync("task", "show", "ghost"));
        Assert.Contains("task: no task \"ghost\"", await _sandbox.FailsAsync("task", "pause", "ghost"));
        Assert.Contains("package: no package \"ghost\"", await _sandbox.FailsAsync("task", "add", "--project", "checkout", "--package", "ghost", "--title", "X"));
    }
}
