using TokenGovernor.Core.Planning;
using TokenGovernor.Core.Tasks;

namespace TokenGovernor.Core.Tests.Planning;

public sealed class PlanPrinterTests
{
    private static string RunnerOf(TaskDefinition task) => task.Runner ?? "codex";

    [Fact]
    public void Plan_lists_tasks_in_order_with_their_details()
    {
        TaskDefinition[] order =
        [
            Sample.Task("base") with { Title = "Base API", Repo = "./api", Prompt = "Set up the API" },
            Sample.Task("auth", 1, "base") with
            {
                Title = "Add auth",
                Repo = "./api",
                Prompt = "Add JWT authentication",
                Difficulty = "complex",
                Score = 0.85,
                Runner = "claude",
                Fallbacks = ["codex", "gemini"],
                Budget = new BudgetSpec(200000, 2.5m, "5h"),
            },
            Sample.Task("login", 2, "auth", "base") with { Title = "Login page", Repo = "./web", Prompt = "Build it", Score = 0.3 },
        ];

        var text = PlanPrinter.Print(order, 4, RunnerOf);

        Assert.Equal(
            """
            token-gov — 3 tasks, 4 workers
            Execution plan (dry-run):
            1. [P1] base — Base API
               repo: ./api
               runner: codex
               prompt: Set up the API
            2. [P1] auth — Add auth (after base)
               difficulty: complex (score: 0.85)
               repo: ./api
               runner: claude → codex → gemini
               budget: 200000 tokens / $2.5 per 5h
               prompt: Add JWT authentication
            3. [P2] login — Login page (after auth, base)
               difficulty: unscored (score: 0.3)
               repo: ./web
               runner: codex
               prompt: Build it

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Header_is_singular_for_one_task_and_one_worker()
    {
        var text = PlanPrinter.Print([Sample.Task("a")], 1, RunnerOf);

        Assert.StartsWith("token-gov — 1 task, 1 worker\nExecution plan (dry-run):\n1. [P1] a — Title of a\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_prompt_is_cut_to_eighty_characters_on_one_line()
    {
        var prompt = "Rewrite the checkout flow\nso that " + new string('x', 100);

        var text = PlanPrinter.Print([Sample.Task("a") with { Prompt = prompt }], 1, RunnerOf);

        var line = text.Split('\n').Single(line => line.StartsWith("   prompt: ", StringComparison.Ordinal));
        var shown = line["   prompt: ".Length..];
        Assert.Equal(83, shown.Length);
        Assert.StartsWith("Rewrite the checkout flow so that xxx", shown, StringComparison.Ordinal);
        Assert.EndsWith("x...", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_of_exactly_eighty_characters_is_shown_whole()
    {
        var prompt = new string('p', 80);

        var text = PlanPrinter.Print([Sample.Task("a") with { Prompt = prompt }], 1, RunnerOf);

        Assert.Contains($"   prompt: {prompt}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("...", text, StringComparison.Ordinal);
    }
}
