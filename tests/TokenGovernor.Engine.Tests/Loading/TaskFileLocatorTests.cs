using TokenGovernor.Core.Tasks;
using TokenGovernor.Engine.Loading;

namespace TokenGovernor.Engine.Tests.Loading;

public sealed class TaskFileLocatorTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private (IReadOnlyList<string> Files, ProblemList Problems) Locate(params string[] specs)
    {
        var problems = new ProblemList();
        var files = TaskFileLocator.Locate(specs, _scratch.Path, problems);
        return (files, problems);
    }

    [Fact]
    public void A_single_file_is_found_relative_to_the_working_directory()
    {
        var path = _scratch.Write("tasks.json", "{}");

        var (files, problems) = Locate("tasks.json");

        Assert.Equal([path], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_comma_list_yields_each_file_in_the_order_given()
    {
        var b = _scratch.Write("b.json", "{}");
        var a = _scratch.Write("a.json", "{}");

        var (files, problems) = Locate("b.json, a.json");

        Assert.Equal([b, a], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_glob_matches_files_in_the_working_directory_in_name_order()
    {
        var second = _scratch.Write("tasks-b.json", "{}");
        var first = _scratch.Write("tasks-a.json", "{}");
        _scratch.Write("other.json", "{}");
        _scratch.Write("nested/tasks-c.json", "{}");

        var (files, problems) = Locate("tasks-*.json");

        Assert.Equal([first, second], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_double_star_glob_reaches_into_subfolders_in_ordinal_path_order()
    {
        var top = _scratch.Write("plans/top.json", "{}");
        var deep = _scratch.Write("plans/team/sprint/deep.json", "{}");
        _scratch.Write("plans/team/notes.txt", "");

        var (files, problems) = Locate("plans/**/*.json");

        Assert.Equal([deep, top], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void An_absolute_glob_is_matched_from_its_own_folder()
    {
        var elsewhere = new ScratchDirectory();
        try
        {
            var path = elsewhere.Write("tasks-x.json", "{}");

            var (files, problems) = Locate(Path.Combine(elsewhere.Path, "tasks-*.json"));

            Assert.Equal([path], files);
            Assert.Empty(problems);
        }
        finally
        {
            elsewhere.Dispose();
        }
    }

    [Fact]
    public void A_missing_file_is_a_problem_naming_it()
    {
        var (files, problems) = Locate("nope.json");

        Assert.Empty(files);
        var problem = Assert.Single(problems);
        Assert.Equal("nope.json", problem.File);
        Assert.Equal("task file not found", problem.Message);
    }

    [Fact]
    public void A_glob_matching_nothing_is_a_problem_that_mentions_quoting()
    {
        _scratch.Write("tasks.json", "{}");

        var (files, problems) = Locate("plans-*.json");

        Assert.Empty(files);
        var problem = Assert.Single(problems);
        Assert.Equal("plans-*.json", problem.File);
        Assert.Equal("matches no task file", problem.Message);
        Assert.Contains("quote it", problem.Hint);
    }

    [Fact]
    public void A_glob_under_a_missing_folder_is_a_problem_not_a_crash()
    {
        var (files, problems) = Locate("missing/*.json");

        Assert.Empty(files);
        Assert.Equal("matches no task file", Assert.Single(problems).Message);
    }

    [Fact]
    public void A_folder_given_instead_of_a_file_is_a_problem_saying_so()
    {
        _scratch.Folder("plans");

        var (files, problems) = Locate("plans");

        Assert.Empty(files);
        Assert.Equal("is a folder, not a task file", Assert.Single(problems).Message);
    }

    [Fact]
    public void A_file_named_twice_or_matched_again_by_a_glob_is_listed_once()
    {
        var a = _scratch.Write("tasks-a.json", "{}");
        var b = _scratch.Write("tasks-b.json", "{}");

        var (files, problems) = Locate("tasks-a.json,./tasks-a.json", "tasks-*.json");

        Assert.Equal([a, b], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void Without_any_spec_the_default_task_file_is_used_when_it_exists()
    {
        var path = _scratch.Write(TaskFileLocator.DefaultTaskFile, "{}");

        var (files, problems) = Locate();

        Assert.Equal([path], files);
        Assert.Empty(problems);
    }

    [Fact]
    public void Without_any_spec_or_default_file_the_problem_says_how_to_give_one()
    {
        var (files, problems) = Locate();

        Assert.Empty(files);
        var problem = Assert.Single(problems);
        Assert.Equal("--tasks", problem.File);
        Assert.Equal("no task files given", problem.Message);
        Assert.Contains(TaskFileLocator.DefaultTaskFile, problem.Hint);
    }

    [Fact]
    public void Every_missing_file_of_a_list_is_reported_while_the_found_ones_are_kept()
    {
        var found = _scratch.Write("found.json", "{}");

        var (files, problems) = Locate("gone.json,found.json,lost.json");

        Assert.Equal([found], files);
        Assert.Equal(["gone.json", "lost.json"], problems.Select(problem => problem.File));
    }
}
